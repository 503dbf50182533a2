/**
 * Starts RCTab's command line without JavaFX's launcher: RCTab's Main extends Application, so
 * {@code java -m ...Main --cli} makes the JDK start the JavaFX toolkit first, which needs a display.
 * Calling Main.main from a plain class runs the same command-line path, headless.
 */
public class RctabCli {
  public static void main(String[] args) throws Exception {
    network.brightspots.rcv.Main.main(args);
  }
}
