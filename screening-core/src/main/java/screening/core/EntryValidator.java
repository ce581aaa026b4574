package screening.core;

/**
 * Validates one entry and gives its canonical key (SPEC section 3). The admin API, the register
 * loader and the snapshot builder all use this one validator.
 *
 * <p>Checks, in this order, naming the first field at fault in an {@link InvalidEntryException}
 * (with the entry's position, never the number itself): {@code id} (1 to 64 of
 * {@code [A-Za-z0-9._:-]}), {@code action}, {@code match}, {@code scope}; the scope's fields
 * ({@code establishment} required for ESTABLISHMENT, {@code pin} required for PIN, neither for
 * NATIONAL) and their shapes; the validity window ({@code validUntil} strictly after
 * {@code validFrom}); the free text ({@code reason} and {@code reference} at most 128 characters,
 * {@code note} at most 2,000, SPEC section 15); exactly one of {@code number}, {@code email} and
 * {@code address} (SPEC section 12), and a {@code match} its channel allows; the {@code number}:
 * for EXACT any dialable form that normalises, for PREFIX a {@code +} and 1 to 15 digits, at least
 * {@code numbering.minPrefixDigits}; the {@code email} (at most 254 characters): for EXACT an
 * address that normalises, for DOMAIN a domain that is not a public provider's; the
 * {@code address} (at most 512 characters): for EXACT an address with a postcode and a building,
 * for POSTCODE a full postcode. Characters are Unicode code points, and a text field holding
 * an unpaired UTF-16 surrogate (no character at all, which would be written to disk as {@code ?})
 * is refused.
 *
 * <p>Thread-safe; never blocks.
 */
public final class EntryValidator {

    // hand-written character tests, not regexes: a register of millions of entries runs these
    // once per entry, and a Matcher per field per entry is measurable garbage

    /** The longest dialled form an EXACT entry's number may have (as a query's {@code number}). */
    static final int MAX_NUMBER_CHARS = 64;
    /** The longest {@code id}. */
    public static final int ID_MAX_CHARS = 64;
    /** The longest {@code reason}, in characters. */
    public static final int REASON_MAX_CHARS = 128;
    /** The longest {@code reference}, in characters. */
    public static final int REFERENCE_MAX_CHARS = 128;
    /** The longest {@code note}, in characters. */
    public static final int NOTE_MAX_CHARS = 2_000;

    /** The longest {@code email}, in characters (as a query's {@code email}). */
    public static final int EMAIL_MAX_CHARS = 254;
    /** The longest {@code address}, in characters (as a query's {@code address}). */
    public static final int ADDRESS_MAX_CHARS = 512;

    /** {@link #characters}' answer for text holding an unpaired surrogate. */
    private static final int NOT_UNICODE = -1;

    private final DialledNumberNormaliser normaliser;
    private final EmailNormaliser emails;
    private final PostalAddressNormaliser addresses;

    /**
     * A validator with the default e-mail rules ({@link EmailRules#DEFAULT}).
     *
     * @param normaliser the one number normaliser; its plan's {@code minPrefixDigits} guards PREFIX entries
     * @throws NullPointerException if {@code normaliser} is null
     */
    public EntryValidator(DialledNumberNormaliser normaliser) {
        this(normaliser, new EmailNormaliser(EmailRules.DEFAULT), new PostalAddressNormaliser());
    }

    /**
     * @param normaliser the one number normaliser; its plan's {@code minPrefixDigits} guards PREFIX entries
     * @param emails the one e-mail normaliser; its provider domains guard DOMAIN entries
     * @param addresses the one postal address normaliser
     * @throws NullPointerException if any is null
     */
    public EntryValidator(DialledNumberNormaliser normaliser, EmailNormaliser emails, PostalAddressNormaliser addresses) {
        this.normaliser = java.util.Objects.requireNonNull(normaliser, "normaliser");
        this.emails = java.util.Objects.requireNonNull(emails, "emails");
        this.addresses = java.util.Objects.requireNonNull(addresses, "addresses");
    }

    /** The e-mail normaliser entry e-mails go through. */
    public EmailNormaliser emails() {
        return emails;
    }

    /** The postal address normaliser entry addresses go through. */
    public PostalAddressNormaliser addresses() {
        return addresses;
    }

    /** The normaliser entry numbers go through. */
    public DialledNumberNormaliser normaliser() {
        return normaliser;
    }

    /**
     * Checks {@code e} and returns its key: for a number, EXACT, the canonical key of its number;
     * PREFIX, the prefix digits as a number (see {@link #prefixDigitCount}). An e-mail or address
     * entry is checked as fully and answers {@link CanonicalNumber#INVALID}: its key is text, which
     * {@link #validateText} gives.
     *
     * @param position the entry's 0-based position in its batch or file, for the message
     * @throws InvalidEntryException naming the field, when anything is missing or malformed
     */
    public long validate(Entry e, int position) {
        if (checkFields(e, position) != Channel.PHONE) {
            textKey(e, position);
            return CanonicalNumber.INVALID;
        }
        return numberKey(e, position);
    }

    /**
     * Checks {@code e} as {@link #validate} does and returns its canonical form as an answer
     * shows it, whatever its channel: a number's E.164 (or short-number) form, a PREFIX as
     * written, an e-mail's or address's text key ({@link #validateText}). Normalises once.
     *
     * @throws InvalidEntryException naming the field, when anything is missing or malformed
     */
    public String canonical(Entry e, int position) {
        if (checkFields(e, position) != Channel.PHONE) {
            return textKey(e, position);
        }
        long key = numberKey(e, position);
        return e.match() == MatchType.PREFIX ? e.number() : CanonicalNumber.toString(key);
    }

    /**
     * Checks an e-mail or address entry as {@link #validate} does and returns its text key
     * (SPEC section 12): EXACT e-mail, the canonical address; DOMAIN, the canonical domain;
     * EXACT address, the canonical {@code POSTCODE|building|sub-premise}; POSTCODE, the postcode.
     * Normalises once.
     *
     * @throws InvalidEntryException naming the field, when anything is missing or malformed
     * @throws IllegalArgumentException for a number entry (its key is {@link #validate}'s)
     */
    public String validateText(Entry e, int position) {
        if (checkFields(e, position) == Channel.PHONE) {
            throw new IllegalArgumentException("a number entry's key is a number, not text");
        }
        return textKey(e, position);
    }

    /** Every check but the value's own; the entry's channel. */
    private Channel checkFields(Entry e, int position) {
        if (e == null) {
            throw new InvalidEntryException("entry", position, "must not be null");
        }
        if (e.id() == null || !isId(e.id())) {
            throw new InvalidEntryException("id", position, "must be 1 to " + ID_MAX_CHARS
                    + " of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        }
        if (e.action() == null) {
            throw new InvalidEntryException("action", position, "is required (BLOCK or ALLOW)");
        }
        if (e.match() == null) {
            throw new InvalidEntryException("match", position,
                    "is required (EXACT or PREFIX for a number, EXACT or DOMAIN for an email, EXACT or POSTCODE for an address)");
        }
        if (e.scope() == null) {
            throw new InvalidEntryException("scope", position, "is required (NATIONAL, ESTABLISHMENT or PIN)");
        }
        switch (e.scope()) {
            case NATIONAL -> {
                if (e.establishment() != null) {
                    throw new InvalidEntryException("establishment", position, "must be absent for scope NATIONAL");
                }
                if (e.pin() != null) {
                    throw new InvalidEntryException("pin", position, "must be absent for scope NATIONAL");
                }
            }
            case ESTABLISHMENT -> {
                if (e.establishment() == null) {
                    throw new InvalidEntryException("establishment", position, "is required for scope ESTABLISHMENT");
                }
                if (e.pin() != null) {
                    throw new InvalidEntryException("pin", position, "must be absent for scope ESTABLISHMENT");
                }
            }
            case PIN -> {
                if (e.pin() == null) {
                    throw new InvalidEntryException("pin", position, "is required for scope PIN");
                }
            }
        }
        if (e.establishment() != null && !isEstablishment(e.establishment())) {
            throw new InvalidEntryException("establishment", position, "must be 2 to 8 of [A-Z0-9]");
        }
        if (e.pin() != null && !isPin(e.pin())) {
            throw new InvalidEntryException("pin", position, "must be 1 to 32 of [0-9A-Za-z-]");
        }
        if (e.validFrom() != null && e.validUntil() != null && !e.validFrom().isBefore(e.validUntil())) {
            throw new InvalidEntryException("validUntil", position, "must be after validFrom");
        }
        checkText("reason", e.reason(), REASON_MAX_CHARS, position);
        checkText("reference", e.reference(), REFERENCE_MAX_CHARS, position);
        checkText("note", e.note(), NOTE_MAX_CHARS, position);
        return checkChannel(e, position);
    }

    /** A number entry's key: for EXACT the canonical key of its number, for PREFIX the prefix digits. */
    private long numberKey(Entry e, int position) {
        if (e.number().isEmpty()) {
            throw new InvalidEntryException("number", position, "is required");
        }
        if (e.match() == MatchType.EXACT) {
            if (characters(e.number()) == NOT_UNICODE) {
                throw new InvalidEntryException("number", position, "holds an unpaired UTF-16 surrogate, which is not a character");
            }
            if (e.number().length() > MAX_NUMBER_CHARS) {
                throw new InvalidEntryException("number", position, "must be at most " + MAX_NUMBER_CHARS + " characters");
            }
            long key;
            try {
                key = normaliser.normaliseUncached(e.number());
            } catch (RuntimeException ex) {
                // the normaliser answers INVALID for bad input; anything else is still the number's fault
                key = CanonicalNumber.INVALID;
            }
            if (key == CanonicalNumber.INVALID) {
                throw new InvalidEntryException("number", position, "does not normalise to a possible number");
            }
            return key;
        }
        String p = e.number();
        int digits = p.length() - 1;
        if (digits < 1 || p.charAt(0) != '+') {
            throw new InvalidEntryException("number", position,
                    "must be an E.164 prefix such as +44909 (a '+' then digits) for match PREFIX");
        }
        for (int i = 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidEntryException("number", position,
                        "must be an E.164 prefix such as +44909 (a '+' then digits only) for match PREFIX; character " + i + " is not a digit");
            }
        }
        if (p.charAt(1) == '0') {
            throw new InvalidEntryException("number", position, "must not start with +0: country codes never start with 0");
        }
        if (digits > CanonicalNumber.MAX_E164_DIGITS) {
            throw new InvalidEntryException("number", position,
                    "prefix has " + digits + " digits; E.164 numbers have at most " + CanonicalNumber.MAX_E164_DIGITS);
        }
        int min = normaliser.plan().minPrefixDigits();
        if (digits < min) {
            throw new InvalidEntryException("number", position,
                    "prefix has " + digits + " digits; numbering.minPrefixDigits requires at least " + min);
        }
        return CanonicalNumber.e164(p.substring(1));
    }

    /**
     * {@link #validate}'s key for the number entry of these fields (email and address absent),
     * or {@link CanonicalNumber#INVALID} when {@link #validate} would refuse that entry: then
     * validate the entry itself to learn why. Lets a register reload check a line without making
     * its {@link Entry}; the rules are validate's, field for field.
     *
     * @param reasonChars the reason's length in characters, -1 when absent; likewise
     *     {@code referenceChars} and {@code noteChars}; none may hold an unpaired surrogate
     * @param number the number, or null; read here only
     */
    public long validateNumberEntry(String id, Action action, MatchType match, Scope scope, String establishment,
            String pin, java.time.Instant validFrom, java.time.Instant validUntil, int reasonChars, int referenceChars,
            int noteChars, CharSequence number) {
        if (id == null || !isId(id) || action == null || match == null || scope == null) {
            return CanonicalNumber.INVALID;
        }
        boolean scopeFields = switch (scope) {
            case NATIONAL -> establishment == null && pin == null;
            case ESTABLISHMENT -> establishment != null && pin == null;
            case PIN -> pin != null;
        };
        if (!scopeFields || establishment != null && !isEstablishment(establishment) || pin != null && !isPin(pin)) {
            return CanonicalNumber.INVALID;
        }
        if (validFrom != null && validUntil != null && !validFrom.isBefore(validUntil)) {
            return CanonicalNumber.INVALID;
        }
        if (reasonChars > REASON_MAX_CHARS || referenceChars > REFERENCE_MAX_CHARS || noteChars > NOTE_MAX_CHARS) {
            return CanonicalNumber.INVALID;
        }
        if (number == null || !match.allowedFor(Channel.PHONE) || number.length() == 0) {
            return CanonicalNumber.INVALID;
        }
        if (match == MatchType.EXACT) {
            if (characters(number) == NOT_UNICODE || number.length() > MAX_NUMBER_CHARS) {
                return CanonicalNumber.INVALID;
            }
            try {
                return normaliser.normaliseUncached(number);
            } catch (RuntimeException ex) {
                return CanonicalNumber.INVALID;
            }
        }
        int digits = number.length() - 1;
        if (digits < 1 || number.charAt(0) != '+' || number.charAt(1) == '0' || digits > CanonicalNumber.MAX_E164_DIGITS
                || digits < normaliser.plan().minPrefixDigits()) {
            return CanonicalNumber.INVALID;
        }
        for (int i = 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return CanonicalNumber.INVALID;
            }
        }
        return CanonicalNumber.e164(number.subSequence(1, number.length()));
    }

    /**
     * Exactly one of number, email and address is set, and the match suits it: the entry's channel.
     */
    private static Channel checkChannel(Entry e, int position) {
        int given = (e.number() != null ? 1 : 0) + (e.email() != null ? 1 : 0) + (e.address() != null ? 1 : 0);
        if (given == 0) {
            throw new InvalidEntryException("number", position,
                    "is required: an entry holds exactly one of number, email or address");
        }
        if (given > 1) {
            String second = e.number() != null && e.email() != null ? "email" : "address";
            throw new InvalidEntryException(second, position,
                    "must be absent: an entry holds exactly one of number, email or address");
        }
        Channel channel = e.channel();
        if (!e.match().allowedFor(channel)) {
            String allowed = switch (channel) {
                case PHONE -> "EXACT or PREFIX for a number";
                case EMAIL -> "EXACT or DOMAIN for an email";
                case POST -> "EXACT or POSTCODE for an address";
            };
            throw new InvalidEntryException("match", position, "must be " + allowed);
        }
        return channel;
    }

    /** The text key of an e-mail or address entry whose other fields are checked ({@link #validateText}). */
    private String textKey(Entry e, int position) {
        String field = e.channel() == Channel.EMAIL ? "email" : "address";
        String value = e.channel() == Channel.EMAIL ? e.email() : e.address();
        int n = characters(value);
        if (n == NOT_UNICODE) {
            throw new InvalidEntryException(field, position, "holds an unpaired UTF-16 surrogate, which is not a character");
        }
        if (n == 0 || value.isBlank()) {
            throw new InvalidEntryException(field, position, "is required");
        }
        int max = e.channel() == Channel.EMAIL ? EMAIL_MAX_CHARS : ADDRESS_MAX_CHARS;
        if (n > max) {
            throw new InvalidEntryException(field, position, "must be at most " + max + " characters; it has " + n);
        }
        try {
            if (e.channel() == Channel.EMAIL) {
                if (e.match() == MatchType.EXACT) {
                    return emails.normalise(value);
                }
                String domain = emails.normaliseDomain(value);
                if (emails.isProviderDomain(domain)) {
                    throw new InvalidEntryException(field, position, "names " + domain
                            + ", a public e-mail provider (email.providerDomains): a DOMAIN entry would block every"
                            + " mailbox there; block the address with match EXACT");
                }
                return domain;
            }
            if (e.match() == MatchType.EXACT) {
                return addresses.normalise(value).canonical();
            }
            return addresses.normalisePostcode(value);
        } catch (NotNormalisableException ex) {
            throw new InvalidEntryException(field, position, "does not normalise: " + ex.getMessage());
        }
    }

    /** An id: {@code [A-Za-z0-9._:-]{1,64}}. */
    static boolean isId(String s) {
        int n = s.length();
        if (n < 1 || n > ID_MAX_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')
                    && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Refuses {@code text} (null is absent, and fine) when it is longer than {@code max} characters or not Unicode. */
    private static void checkText(String field, String text, int max, int position) {
        if (text == null) {
            return;
        }
        int n = characters(text);
        if (n == NOT_UNICODE) {
            throw new InvalidEntryException(field, position, "holds an unpaired UTF-16 surrogate, which is not a character");
        }
        if (n > max) {
            throw new InvalidEntryException(field, position, "must be at most " + max + " characters; it has " + n);
        }
    }

    /**
     * The number of characters (code points) in {@code s}, or {@link #NOT_UNICODE} when it holds
     * a high surrogate not followed by a low one, or a low surrogate not after a high one.
     */
    static int characters(CharSequence s) {
        int n = s.length();
        int count = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return NOT_UNICODE;
                }
            }
            count++;
        }
        return count;
    }

    /** An establishment code: {@code [A-Z0-9]{2,8}}. */
    static boolean isEstablishment(String s) {
        int n = s.length();
        if (n < 2 || n > 8) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** A PIN: {@code [0-9A-Za-z-]{1,32}}. */
    static boolean isPin(String s) {
        int n = s.length();
        if (n < 1 || n > 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** The digit count of a PREFIX entry's number (valid entries only). */
    public static int prefixDigitCount(Entry e) {
        return e.number().length() - 1;
    }
}
