package dev.jtrack.artifacts;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A place in S3 named as MLflow names it: {@code s3://bucket/prefix}.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, normalised with {@link ArtifactPaths#normalize} ("" for the bucket's root)
 */
public record S3Location(String bucket, String prefix) {
    public S3Location {
        if (bucket == null || !bucket.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}")) {
            throw new ArtifactPathException("Invalid S3 bucket name '" + bucket + "'");
        }
        prefix = ArtifactPaths.normalize(prefix);
    }

    /**
     * Parses {@code s3://bucket/prefix}.
     *
     * @throws ArtifactPathException if it is not an s3 URI or its path is unsafe
     */
    public static S3Location parse(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ArtifactPathException("Malformed S3 URI: " + uri);
        }
        if (!"s3".equalsIgnoreCase(u.getScheme()) || u.getAuthority() == null) {
            throw new ArtifactPathException("Not an S3 URI (expected s3://bucket/prefix): " + uri);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') start++;
        return new S3Location(u.getAuthority(), path.substring(start));
    }

    /** The location of a relative path below this one. */
    public S3Location resolve(String relative) {
        return new S3Location(bucket, ArtifactPaths.join(prefix, ArtifactPaths.normalize(relative)));
    }

    /** Whether {@code other} is this location or lies below it. */
    public boolean contains(S3Location other) {
        return bucket.equals(other.bucket)
                && (prefix.isEmpty() || other.prefix.equals(prefix) || other.prefix.startsWith(prefix + "/"));
    }

    /** {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return uri();
    }
}
