package org.jwsgi.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose keys can be replaced while the server runs: each handshake asks the
 * current delegate, so a reloaded certificate serves the next handshake and connections already
 * established keep theirs (nothing is dropped). One handshake asks several questions (alias,
 * chain, key) in a row; a swap between two of them can pair an old alias with the new delegate,
 * which is why the alias names the generation it came from and a stale one is answered from the
 * generation it names.
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {

    private record Generation(int number, X509ExtendedKeyManager keys) {
    }

    /** A tagged alias resolved: the generation's key manager and its own alias. */
    private record Resolved(X509ExtendedKeyManager keys, String alias) {
    }

    private final AtomicReference<Generation> current;
    private final AtomicReference<Generation> previous = new AtomicReference<>();

    SwappableKeyManager(X509ExtendedKeyManager first) {
        current = new AtomicReference<>(new Generation(0, first));
    }

    void swap(X509ExtendedKeyManager next) {
        Generation old = current.get();
        previous.set(old);
        current.set(new Generation(old.number() + 1, next));
    }

    private String tag(Generation g, String alias) {
        return alias == null ? null : g.number() + ":" + alias;
    }

    /** The generation an alias came from, and the delegate's own alias. */
    private Resolved untag(String alias) {
        if (alias == null) {
            return null;
        }
        int colon = alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(alias.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        Generation g = current.get();
        if (g.number() != number) {
            Generation p = previous.get();
            g = p != null && p.number() == number ? p : null;
        }
        return g == null ? null : new Resolved(g.keys(), alias.substring(colon + 1));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = current.get();
        return tag(g, g.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation g = current.get();
        return tag(g, g.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current.get();
        String[] aliases = g.keys().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] out = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            out[i] = tag(g, aliases[i]);
        }
        return out;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Resolved r = untag(alias);
        return r == null ? null : r.keys().getCertificateChain(r.alias());
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Resolved r = untag(alias);
        return r == null ? null : r.keys().getPrivateKey(r.alias());
    }

    // a server never chooses a client alias
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
