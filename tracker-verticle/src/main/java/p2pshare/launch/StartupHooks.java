package p2pshare.launch;

import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.net.BindException;

/**
 * Launcher hooks that turn a failed start into one clear line on stderr instead of a stack trace.
 * Both fat jars start through {@link #launch}.
 */
public final class StartupHooks implements VertxApplicationHooks {
  private final String what;

  private StartupHooks(String what) {
    this.what = what;
  }

  /**
   * Runs the Vert.x launcher on {@code verticle} with these hooks and exits with its code if the start failed.
   * The verticle is passed as the launcher's first argument because the launcher reads {@code Main-Verticle} from
   * the manifest only when {@code Main-Class} is {@link VertxApplication} itself.
   */
  public static void launch(String what, Class<?> verticle, String[] args) {
    String[] launcherArgs = new String[args.length + 1];
    launcherArgs[0] = verticle.getName();
    System.arraycopy(args, 0, launcherArgs, 1, args.length);
    int code = new VertxApplication(launcherArgs, new StartupHooks(what)).launch();
    if (code != 0) {
      System.exit(code);
    }
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
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    if (cause instanceof BindException) {
      return "address already in use (" + cause.getMessage() + ")";
    }
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getSimpleName();
  }
}
