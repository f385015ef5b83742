package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import p2pshare.peer.PeerMeters;

/** Upload bytes per remote peer: a bounded set of safe labels, whatever names peers make up. */
class UploadMetricsPerPeerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PeerMeters meters = PeerMeters.of(registry);

  private Map<String, Double> byPeer() {
    return registry.find("p2p_upload_peer_bytes_total").counters().stream()
        .collect(Collectors.toMap(c -> c.getId().getTag("peer"), Counter::count));
  }

  @Test
  void aThousandMadeUpNamesMakeAtMostTwentyOneLabels() {
    for (int i = 0; i < 1000; i++) {
      meters.uploadedTo("peer-" + i + "@10.0.0.1", 10);
    }
    Map<String, Double> byPeer = byPeer();
    assertTrue(byPeer.size() <= PeerMeters.MAX_PEER_LABELS + 1, byPeer.size() + " labels");
    assertEquals(10_000, byPeer.values().stream().mapToDouble(Double::doubleValue).sum());
    assertEquals(10, byPeer.get("peer-0@10.0.0.1"), "the first peers seen keep their own label");
    assertEquals(10, byPeer.get("peer-19@10.0.0.1"));
    assertEquals(980 * 10, byPeer.get(PeerMeters.OTHER_PEERS), "the rest count as other");
  }

  @Test
  void aPeerWithALabelKeepsItsCountAfterTheLabelsRunOut() {
    meters.uploadedTo("early@10.0.0.1", 5);
    for (int i = 0; i < 100; i++) {
      meters.uploadedTo("late-" + i, 1);
    }
    meters.uploadedTo("early@10.0.0.1", 5);
    assertEquals(10, byPeer().get("early@10.0.0.1"));
  }

  @Test
  void hostileNamesBecomeShortPrintableLabels() {
    String hostile = "\u0000evil\n\u202e" + "x".repeat(10_000) + "@10.0.0.1";
    String label = PeerMeters.peerLabel(hostile);
    assertEquals(PeerMeters.MAX_PEER_LABEL_CHARS, label.length());
    assertTrue(label.startsWith("_evil__xxx"), label);
    assertTrue(label.chars().allMatch(c -> c >= 0x20 && c < 0x7f), label);
    assertEquals("Jörg-ПК@10.0.0.2", PeerMeters.peerLabel("Jörg-ПК@10.0.0.2"), "letters of any script stay");
    assertEquals("_", PeerMeters.peerLabel("\ud800"), "a lone surrogate");
    meters.uploadedTo(hostile, 1);
    assertEquals(Map.of(label, 1.0), byPeer());
  }

  @Test
  void aPeerCalledOtherTakesNoLabelOfItsOwn() {
    meters.uploadedTo(PeerMeters.OTHER_PEERS, 3);
    for (int i = 0; i < PeerMeters.MAX_PEER_LABELS; i++) {
      meters.uploadedTo("peer-" + i, 1);
    }
    Map<String, Double> byPeer = byPeer();
    assertEquals(PeerMeters.MAX_PEER_LABELS + 1, byPeer.size());
    assertEquals(3, byPeer.get(PeerMeters.OTHER_PEERS));
  }
}
