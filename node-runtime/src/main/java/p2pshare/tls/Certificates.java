package p2pshare.tls;

import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/** What a member's certificate says: its name (the subject's CN), its role, its serial number. */
public final class Certificates {
  private Certificates() {
  }

  /** The other side's certificate on a TLS connection, or null (no TLS, or none shown). */
  public static X509Certificate peer(NetSocket socket) {
    if (!socket.isSsl()) {
      return null;
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain == null || chain.isEmpty() ? null : (X509Certificate) chain.get(0);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The name of the other side's certificate on a TLS connection, or null. */
  public static String peerName(NetSocket socket) {
    X509Certificate peer = peer(socket);
    return peer == null ? null : name(peer);
  }

  /** The subject's common name (CN), or the whole subject if it has none. */
  public static String name(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: the subject as it is
    }
    return subject;
  }

  public static boolean hasRole(X509Certificate certificate, String role) {
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      return usages != null && usages.contains(role);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /** Whether a connection failed in its TLS handshake (rather than, say, being refused or timing out). */
  public static boolean isHandshakeFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException || cause.getClass().getName().contains("Ssl")) {
        return true;
      }
    }
    return false;
  }

  /** The serial number in lower-case hex without leading zeros, as revoked lists give it. */
  public static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }
}
