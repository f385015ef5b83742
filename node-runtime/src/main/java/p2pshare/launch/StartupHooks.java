package p2pshare.launch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import p2pshare.observe.Observability;
import p2pshare.tls.NetworkTls;
import p2pshare.tls.TlsSettings;

/**
 * Launcher hooks that turn a failed start into one clear line on stderr instead of a stack trace.
 * Both fat jars start through {@link #launch}.
 */
public final class StartupHooks implements VertxApplicationHooks {
  private final String what;
  private JsonObject config = new JsonObject();

  private StartupHooks(String what) {
    this.what = what;
  }

  /**
   * Runs the Vert.x launcher on {@code verticle} with these hooks and exits with its code if the start failed.
   * The verticle is passed as the launcher's first argument because the launcher reads {@code Main-Verticle} from
   * the manifest only when {@code Main-Class} is {@link VertxApplication} itself.
   */
  public static void launch(String what, Class<?> verticle, String[] args) {
    String confError = checkConf(args);
    if (confError != null) {
      System.err.println(what + " failed to start: " + confError);
      System.exit(2);
    }
    String[] launcherArgs = new String[args.length + 1];
    launcherArgs[0] = verticle.getName();
    System.arraycopy(args, 0, launcherArgs, 1, args.length);
    int code = new VertxApplication(launcherArgs, new StartupHooks(what)).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The launcher quietly treats a {@code -conf} value it cannot read as an empty configuration, which would
   * surface later as a misleading "key is required". Check it first and name the real problem.
   */
  static String checkConf(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("-conf") || args[i].equals("--conf")) {
        String value = args[i + 1].strip();
        try {
          if (value.startsWith("{")) {
            new JsonObject(value);
          } else {
            new JsonObject(Files.readString(Path.of(value)));
          }
        } catch (NoSuchFileException e) {
          return "config file " + value + " does not exist";
        } catch (IOException e) {
          return "cannot read config file " + value + ": " + e.getMessage();
        } catch (DecodeException e) {
          return "config " + value + " is not a JSON object: " + e.getMessage().lines().findFirst().orElse("");
        }
      }
    }
    return null;
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    this.config = config == null ? new JsonObject() : config;
    return config;
  }

  /**
   * A tracker with {@code tls} settings runs its clustered event bus (under {@code -cluster}) over mutual TLS with
   * the same keys: only the network's trackers exchange the registry. Unused without {@code -cluster}.
   */
  @Override
  public void beforeStartingVertx(HookContext context) {
    if (what.equals("tracker")) {
      try {
        NetworkTls.eventBus(TlsSettings.from(new ConfigReader(config).object("tls")),
            context.vertxOptions().getEventBusOptions());
      } catch (IllegalArgumentException e) {
        // Reported by the tracker itself, with the rest of its settings, when it starts.
      }
    }
  }

  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject vertxOptions) {
    return Observability.withMetrics(vertxOptions == null ? new JsonObject() : vertxOptions);
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    System.err.println(what + " failed to start: " + describe(t));
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    System.err.println(what + " failed to start: " + describe(t));
  }

  /** One line for a start-up failure: the innermost message that says something. */
  public static String describe(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null
        && (cause.getMessage() == null || cause.getMessage().equals(cause.getCause().toString()))) {
      cause = cause.getCause();
    }
    if (cause instanceof BindException) {
      return "address already in use (" + cause.getMessage() + ")";
    }
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getSimpleName();
  }
}
