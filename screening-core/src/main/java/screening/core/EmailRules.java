package screening.core;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The configurable e-mail rules of SPEC section 12 ({@code email.*}), all lower-case ASCII
 * domains (IDN labels already in their {@code xn--} form).
 *
 * @param domainAliases a domain to the domain it is another name for ({@code googlemail.com} to {@code gmail.com})
 * @param dotInsensitiveDomains domains whose local parts ignore dots
 * @param providerDomains large public providers, refused as DOMAIN entries
 */
public record EmailRules(Map<String, String> domainAliases, Set<String> dotInsensitiveDomains, Set<String> providerDomains) {

    /** SPEC section 11's defaults. */
    public static final EmailRules DEFAULT = new EmailRules(
            Map.of("googlemail.com", "gmail.com"),
            Set.of("gmail.com"),
            Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com",
                    "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com",
                    "mac.com", "proton.me", "protonmail.com", "pm.me", "aol.com", "btinternet.com", "sky.com",
                    "gmx.com", "gmx.co.uk", "mail.com", "zoho.com", "yandex.com", "virginmedia.com",
                    "talktalk.net", "tiscali.co.uk"));

    public EmailRules {
        domainAliases = Map.copyOf(Objects.requireNonNull(domainAliases, "domainAliases"));
        dotInsensitiveDomains = Set.copyOf(Objects.requireNonNull(dotInsensitiveDomains, "dotInsensitiveDomains"));
        providerDomains = Set.copyOf(Objects.requireNonNull(providerDomains, "providerDomains"));
    }
}
