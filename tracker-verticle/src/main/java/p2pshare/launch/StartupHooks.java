package p2pshare.launch;

import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

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
   * Runs the Vert.x launcher with these hooks and exits with its code if the start failed. Without a verticle
   * name in {@code args}, the caller's jar manifest {@code Main-Verticle} is used.
   */
  public static void launch(String what, String[] args) {
    Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    int code = new VertxApplication(withMainVerticle(args, caller), new StartupHooks(what)).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  // The launcher reads Main-Verticle only from a manifest whose Main-Class is the launcher class itself, and our
  // Main-Class is a small wrapper, so pass the verticle name as the launcher's first argument instead.
  private static String[] withMainVerticle(String[] args, Class<?> caller) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      return args;
    }
    try {
      Enumeration<URL> manifests = caller.getClassLoader().getResources("META-INF/MANIFEST.MF");
      while (manifests.hasMoreElements()) {
        try (InputStream in = manifests.nextElement().openStream()) {
          Attributes main = new Manifest(in).getMainAttributes();
          String verticle = main.getValue("Main-Verticle");
          if (verticle != null && caller.getName().equals(main.getValue("Main-Class"))) {
            String[] withVerticle = new String[args.length + 1];
            withVerticle[0] = verticle;
            System.arraycopy(args, 0, withVerticle, 1, args.length);
            return withVerticle;
          }
        }
      }
    } catch (IOException e) {
      // Then the launcher reports the missing verticle itself.
    }
    return args;
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
