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

  /** Runs the Vert.x launcher with these hooks and exits with its code if the start failed. */
  public static void launch(String what, String[] args) {
    int code = new VertxApplication(args, new StartupHooks(what)).launch();
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
