package dev.jnn.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model came from, saved with it as metadata so that a file answers "what is this, and how was it made?":
 * the model's name and configuration, the seed, the data set and the hyper-parameters. Keys in the file:
 * {@code model}, {@code config}, {@code seed}, {@code dataset} and {@code hp.<name>}; absent fields are omitted.
 *
 * <pre>{@code
 * var meta = Provenance.of("mlp-64-32-10").config("Dense(64→32) ReLU Dense(32→10)").seed(42).dataset("digits")
 *         .hyperParameter("lr", 1e-3).hyperParameter("batch", 64).toMetadata();
 * }</pre>
 */
public record Provenance(String model, String config, Long seed, String dataset, Map<String, String> hyperParameters) {

    public Provenance {
        hyperParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    }

    /** A provenance naming only the model. */
    public static Provenance of(String model) {
        return new Provenance(model, null, null, null, Map.of());
    }

    public Provenance config(String c) {
        return new Provenance(model, c, seed, dataset, hyperParameters);
    }

    public Provenance seed(long s) {
        return new Provenance(model, config, s, dataset, hyperParameters);
    }

    public Provenance dataset(String d) {
        return new Provenance(model, config, seed, d, hyperParameters);
    }

    /** Adds a hyper-parameter, recorded as its {@code String.valueOf}. */
    public Provenance hyperParameter(String name, Object value) {
        var hp = new LinkedHashMap<>(hyperParameters);
        hp.put(name, String.valueOf(value));
        return new Provenance(model, config, seed, dataset, hp);
    }

    /** The metadata entries of this provenance. */
    public Map<String, String> toMetadata() {
        var m = new LinkedHashMap<String, String>();
        if (model != null) {
            m.put("model", model);
        }
        if (config != null) {
            m.put("config", config);
        }
        if (seed != null) {
            m.put("seed", Long.toString(seed));
        }
        if (dataset != null) {
            m.put("dataset", dataset);
        }
        hyperParameters.forEach((k, v) -> m.put("hp." + k, v));
        return m;
    }

    /** The provenance found in file metadata; a seed that is not an integer is left out. */
    public static Provenance fromMetadata(Map<String, String> meta) {
        Long seed = null;
        try {
            seed = meta.containsKey("seed") ? Long.parseLong(meta.get("seed")) : null;
        } catch (NumberFormatException e) {
            // A hand-edited or foreign file: keep the rest of the provenance readable.
        }
        var hp = new LinkedHashMap<String, String>();
        meta.forEach((k, v) -> {
            if (k.startsWith("hp.")) {
                hp.put(k.substring(3), v);
            }
        });
        return new Provenance(meta.get("model"), meta.get("config"), seed, meta.get("dataset"), hp);
    }
}
