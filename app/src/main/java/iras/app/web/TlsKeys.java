package iras.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The web tier's TLS key and certificate chain as a key store, from the setting {@code iras.web.tls.certificate}: a
 * PKCS12 file, a PEM certificate chain (with its key in the same file or in {@code private-key}), or {@value
 * #SELF_SIGNED} for a certificate made at start, valid for this host's loopback names only.
 */
public final class TlsKeys {
  public static final String SELF_SIGNED = "self-signed";
  static final String ALIAS = "iras";
  private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(30);

  private final KeyStore store;
  private final String password;

  private TlsKeys(KeyStore store, String password) {
    this.store = store;
    this.password = password;
  }

  public KeyStore store() {
    return store;
  }

  public String password() {
    return password;
  }

  static TlsKeys load(String certificate, String privateKey, String password, Clock clock) throws IOException {
    try {
      if (certificate.equals(SELF_SIGNED)) {
        return selfSigned(clock);
      }
      Path file = Path.of(certificate);
      if (!Files.isReadable(file)) {
        throw new IOException("the TLS certificate " + file + " cannot be read (iras.web.tls.certificate)");
      }
      String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, password.toCharArray());
        }
        return new TlsKeys(store, password);
      }
      return pem(file, privateKey.isBlank() ? file : Path.of(privateKey));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("the TLS certificate '" + certificate + "' cannot be used: " + e.getMessage(), e);
    }
  }

  private static TlsKeys pem(Path certificates, Path key) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object item : pemItems(certificates)) {
      if (item instanceof X509CertificateHolder holder) {
        chain.add(converter.getCertificate(holder));
      }
    }
    PrivateKey privateKey = null;
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    for (Object item : pemItems(key)) {
      if (item instanceof PEMKeyPair pair) {
        privateKey = keys.getKeyPair(pair).getPrivate();
      } else if (item instanceof PrivateKeyInfo info) {
        privateKey = keys.getPrivateKey(info);
      }
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certificates + " holds no PEM certificate");
    }
    if (privateKey == null) {
      throw new GeneralSecurityException(key + " holds no unencrypted PEM private key (iras.web.tls.private-key)");
    }
    return withKey(privateKey, chain.toArray(Certificate[]::new));
  }

  private static List<Object> pemItems(Path file) throws IOException {
    List<Object> items = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        items.add(item);
      }
    }
    return items;
  }

  /** A fresh key pair and a certificate for localhost and the loopback addresses, signed by itself. */
  static TlsKeys selfSigned(Clock clock) throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=localhost, O=iras self-signed trial certificate");
    Instant now = clock.instant();
    GeneralNames names = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
        new GeneralName(GeneralName.iPAddress, "::1")});
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, names);
    X509Certificate certificate = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    return withKey(pair.getPrivate(), new Certificate[] {certificate});
  }

  private static TlsKeys withKey(PrivateKey key, Certificate[] chain) throws GeneralSecurityException, IOException {
    // A password for the in-memory store only: Jetty's key manager needs one.
    String password = new BigInteger(128, new SecureRandom()).toString(36);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
    return new TlsKeys(store, password);
  }
}
