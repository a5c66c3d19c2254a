package io.smsbridge.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys of the HTTP API, each naming the producer that holds it: the key of {@code SMSBRIDGE_API_KEY} (producer
 * {@code default}) and those of a keys file ({@code SMSBRIDGE_API_KEYS_FILE}, lines {@code producer=key}). The file is
 * read again when it changes (looked at no more than once a second), so a key is added, rotated — the new one
 * beside the old for a while, then the old one removed — or revoked without a restart. A file that cannot be read or
 * is invalid is refused with an ERROR and the keys in force stay. Keys are compared in constant time; only producer
 * names are ever logged.
 */
public final class ApiKeys {

    /** The producer name of SMSBRIDGE_API_KEY's key. */
    public static final String DEFAULT_PRODUCER = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final Map<String, byte[]> fixed;
    private final Path file;
    private final LongSupplier nanoTime;
    private volatile Map<String, byte[]> keys;
    private volatile long nextCheck;
    private FileTime seen;

    /**
     * @param defaultKey the key of producer {@code default}, or null
     * @param file       the keys file, or null
     */
    public ApiKeys(String defaultKey, Path file) {
        this(defaultKey, file, System::nanoTime);
    }

    /** With the clock the file is looked at by (tests move it on instead of waiting a second). */
    ApiKeys(String defaultKey, Path file, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        Map<String, byte[]> fixed = new LinkedHashMap<>();
        if (defaultKey != null && !defaultKey.isBlank()) {
            fixed.put(DEFAULT_PRODUCER, defaultKey.getBytes(StandardCharsets.UTF_8));
        }
        this.fixed = Map.copyOf(fixed);
        this.file = file;
        this.keys = this.fixed;
        if (file != null) {
            if (!reload()) {
                throw new IllegalStateException("API keys file " + file + " cannot be used (see the error above)");
            }
        }
    }

    /** The producer whose key this is, or null for a missing or unknown key. */
    public String producerOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> key : current().entrySet()) {
            if (MessageDigest.isEqual(key.getValue(), candidate) && found == null) { // every key compared: no early exit
                found = key.getKey();
            }
        }
        return found;
    }

    private Map<String, byte[]> current() {
        if (file != null && nanoTime.getAsLong() - nextCheck >= 0) {
            synchronized (this) {
                if (nanoTime.getAsLong() - nextCheck >= 0) {
                    reload();
                    nextCheck = nanoTime.getAsLong() + CHECK_EVERY_NANOS;
                }
            }
        }
        return keys;
    }

    /** Reads the file if it changed; returns false (keeping the keys in force) if it cannot be used. */
    private synchronized boolean reload() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            log.error("API keys file {} cannot be read ({}): the keys in force stay", file, e.toString());
            return false;
        }
        if (modified.equals(seen)) {
            return true;
        }
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            log.error("API keys file {} cannot be read ({}): the keys in force stay", file, e.toString());
            return false;
        }
        Map<String, byte[]> loaded = new LinkedHashMap<>(fixed);
        Map<String, String> holders = new LinkedHashMap<>();
        for (String producer : lines.stringPropertyNames().stream().sorted().toList()) {
            String key = lines.getProperty(producer).trim();
            String problem = !NAME.matcher(producer).matches() ? "the producer name is not 1-64 letters, digits, '.', '_' or '-'"
                    : key.length() < 16 ? "its key is shorter than 16 characters"
                    : loaded.containsKey(producer) ? "the name is taken (" + DEFAULT_PRODUCER + " is SMSBRIDGE_API_KEY's)"
                    : holders.containsKey(key) || (fixed.containsKey(DEFAULT_PRODUCER) && key.equals(new String(fixed.get(DEFAULT_PRODUCER), StandardCharsets.UTF_8)))
                    ? "its key is another producer's" : null;
            if (problem != null) {
                log.error("API keys file {}: producer '{}' refused: {}; the keys in force stay", file, producer, problem);
                return false;
            }
            holders.put(key, producer);
            loaded.put(producer, key.getBytes(StandardCharsets.UTF_8));
        }
        keys = Map.copyOf(loaded);
        seen = modified;
        log.info("API keys from {}: producers {}", file, holders.values());
        return true;
    }
}
