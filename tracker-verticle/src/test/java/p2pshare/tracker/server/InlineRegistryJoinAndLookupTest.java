package p2pshare.tracker.server;

/** The same joins and lookups with the registry on the front's own event loop ({@code "shards": 0}). */
class InlineRegistryJoinAndLookupTest extends JoinAndLookupTest {
  @Override
  int shards() {
    return 0;
  }
}
