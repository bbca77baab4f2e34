package io.egressallowlist.bench;

import io.egressallowlist.shared.domain.DomainName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Allow-list entries that look like a real one: a few hosts every data-science team needs, then a few
 * thousand made-up registrable domains built from ordinary words, each with one to several exact hosts
 * and sometimes a {@code .wildcard} entry. Random strings would compress far worse than real names and
 * make the stored snapshot look bigger than it will be.
 *
 * <p>Every entry goes through {@link DomainName#parse}, as a request would, so the list holds only what the
 * request API accepts, in canonical form. The same seed always gives the same list in the same order.
 */
final class TargetNames {

    private static final List<String> WELL_KNOWN = List.of(
            "pypi.org", "files.pythonhosted.org", "upload.pypi.org", "conda.anaconda.org", "repo.anaconda.com",
            ".anaconda.org", "github.com", "api.github.com", "codeload.github.com", "objects.githubusercontent.com",
            "raw.githubusercontent.com", "huggingface.co", ".huggingface.co", "cdn-lfs.huggingface.co",
            "cran.r-project.org", "cloud.r-project.org", "registry.npmjs.org", "repo1.maven.org", "repo.maven.apache.org",
            "download.pytorch.org", ".tensorflow.org", "storage.googleapis.com", "dl.fbaipublicfiles.com",
            "archive.ubuntu.com", "security.ubuntu.com", "deb.debian.org", "api.openai.com", ".wandb.ai",
            "api.wandb.ai", "docs.python.org", "www.kaggle.com", ".kaggle.com", "zenodo.org", "arxiv.org",
            "export.arxiv.org", "developer.download.nvidia.com", ".nvidia.com", "quay.io", "ghcr.io",
            "registry-1.docker.io", "auth.docker.io", "production.cloudflare.docker.com", ".jfrog.io",
            "static.crates.io", "index.crates.io", "proxy.golang.org", "sum.golang.org", ".mlflow.org");

    private static final List<String> WORDS = List.of(
            "acme", "alpha", "analytics", "apex", "atlas", "azure", "beacon", "bio", "blue", "bright", "byte",
            "canvas", "carbon", "cedar", "cell", "chart", "cloud", "cobalt", "code", "core", "crest", "cube",
            "data", "delta", "deep", "digital", "edge", "ember", "epoch", "factor", "field", "flow", "forge",
            "frame", "genome", "geo", "graph", "green", "grid", "harbor", "helix", "horizon", "hub", "insight",
            "iron", "kernel", "lab", "lake", "lambda", "lattice", "leaf", "lens", "level", "light", "linear",
            "link", "logic", "lumen", "map", "matrix", "medic", "mesh", "meta", "metric", "mind", "model",
            "nano", "neural", "nexus", "node", "north", "nova", "ocean", "omni", "open", "optic", "orbit",
            "pixel", "pioneer", "pivot", "planet", "point", "polar", "prime", "prism", "pulse", "quant",
            "quantum", "radar", "rapid", "ridge", "river", "rocket", "sage", "scale", "scope", "sensor",
            "shift", "signal", "silver", "smart", "solar", "sonic", "spark", "spectrum", "sphere", "spring",
            "stack", "star", "stat", "stone", "stream", "summit", "swift", "sync", "synth", "tensor", "terra",
            "thread", "tide", "trace", "trail", "trend", "true", "unity", "vector", "venture", "vertex",
            "vision", "wave", "wise", "works", "zen", "zenith");

    /** Public suffixes weighted roughly as they appear in a corporate allow-list. */
    private static final List<String> SUFFIXES = List.of(
            "com", "com", "com", "com", "com", "com", "com", "com", "com", "com", "io", "io", "org", "org", "net",
            "net", "ai", "dev", "co.uk", "de", "co", "app", "cloud", "tech", "fr", "nl", "ch", "com.au", "jp",
            "eu");

    private static final List<String> HOST_PREFIXES = List.of(
            "www", "api", "cdn", "docs", "files", "download", "downloads", "static", "assets", "data", "auth",
            "login", "sso", "registry", "mirror", "repo", "packages", "pkg", "storage", "media", "portal",
            "app", "dashboard", "status", "support", "api.eu", "api.us", "eu", "us-east-1", "eu-west-1",
            "cdn-01", "cdn-02", "uploads", "blob", "s3", "telemetry", "ingest", "models", "datasets", "hub");

    private TargetNames() {
    }

    /** {@code count} distinct canonical targets, shuffled, fully determined by {@code seed}. */
    static List<String> generate(int count, long seed) {
        Random random = new Random(seed);
        Set<String> targets = new LinkedHashSet<>();
        for (String name : WELL_KNOWN) {
            targets.add(DomainName.of(name).target());
        }
        while (targets.size() < count) {
            addDomain(targets, registrableDomain(random), random);
        }
        List<String> ordered = new ArrayList<>(targets).subList(0, count);
        List<String> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, random);
        return shuffled;
    }

    private static String registrableDomain(Random random) {
        String first = pick(WORDS, random);
        String second = pick(WORDS, random);
        String joiner = random.nextInt(4) == 0 ? "-" : "";
        String label = random.nextInt(5) == 0 ? first : first + joiner + second;
        return label + "." + pick(SUFFIXES, random);
    }

    /** One organisation's entries: a wildcard in about a third of cases, and a handful of exact hosts. */
    private static void addDomain(Set<String> targets, String domain, Random random) {
        if (random.nextInt(3) == 0) {
            add(targets, "." + domain);
        }
        if (random.nextInt(2) == 0) {
            add(targets, domain);
        }
        int hosts = 1 + (int) Math.floor(Math.abs(random.nextGaussian()) * 2.5);
        for (int i = 0; i < hosts; i++) {
            add(targets, pick(HOST_PREFIXES, random) + "." + domain);
        }
    }

    /** Adds the canonical form; skips what the request API would refuse (e.g. a made-up name that is a public suffix). */
    private static void add(Set<String> targets, String name) {
        DomainName.parse(name).match(new DomainName.ParseResult.Cases<>(
                valid -> targets.add(valid.domainName().target()), invalid -> false));
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
