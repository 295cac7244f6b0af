package iras.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three sources of the web tier's TLS key give the same key store: made at start, PKCS12, and PEM files. */
class TlsKeysTest {
  @TempDir Path dir;

  @Test
  void aPkcs12FileAndPemFilesHoldingTheSameKeyAreReadAlike() throws Exception {
    TlsKeys made = TlsKeys.load(TlsKeys.SELF_SIGNED, "", "", Clock.systemUTC());
    Key key = made.store().getKey(TlsKeys.ALIAS, made.password().toCharArray());
    Certificate certificate = made.store().getCertificate(TlsKeys.ALIAS);

    Path p12 = dir.resolve("site.p12");
    KeyStore file = KeyStore.getInstance("PKCS12");
    file.load(null, null);
    file.setKeyEntry("site", key, "pass".toCharArray(), new Certificate[] {certificate});
    try (OutputStream out = Files.newOutputStream(p12)) {
      file.store(out, "pass".toCharArray());
    }
    TlsKeys fromP12 = TlsKeys.load(p12.toString(), "", "pass", Clock.systemUTC());
    assertEquals(certificate, fromP12.store().getCertificate("site"));

    Path chain = dir.resolve("fullchain.pem");
    Path privateKey = dir.resolve("privkey.pem");
    writePem(chain, certificate);
    // PKCS#8, as openssl 3 and certbot write keys.
    writePem(privateKey, new JcaPKCS8Generator((java.security.PrivateKey) key, null));
    TlsKeys fromPem = TlsKeys.load(chain.toString(), privateKey.toString(), "", Clock.systemUTC());
    assertEquals(certificate, fromPem.store().getCertificate(TlsKeys.ALIAS));
    assertEquals(key, fromPem.store().getKey(TlsKeys.ALIAS, fromPem.password().toCharArray()));

    IOException noKey = assertThrows(IOException.class,
        () -> TlsKeys.load(chain.toString(), "", "", Clock.systemUTC()));
    assertTrue(noKey.getMessage().contains("private key"), noKey.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> TlsKeys.load(dir.resolve("none.pem").toString(), "", "", Clock.systemUTC()));
    assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
  }

  private static void writePem(Path file, Object item) throws IOException {
    try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(item);
    }
  }
}
