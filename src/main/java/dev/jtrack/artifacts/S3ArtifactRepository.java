package dev.jtrack.artifacts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts under an {@code s3://bucket/prefix} location, with the semantics of
 * {@link LocalArtifactRepository}: "directories" are key prefixes ending in '/', listings show
 * direct children sorted by path and are paged through ListObjectsV2 continuation tokens, files
 * are written whole or not at all (one PUT, or a multipart upload for large streams) and never
 * buffered beyond one part in memory, a directory is deleted with all keys below it. Every path is
 * normalised with {@link ArtifactPaths}, so no key outside the prefix can be reached.
 */
public final class S3ArtifactRepository implements ArtifactRepository {
    /** Size of one multipart part; a stream no longer than this is sent with a single PUT. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int DELETE_BATCH = 1000;
    private static final java.util.Set<S3Client> NO_BATCH_DELETE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final S3Client s3;
    private final S3Location location;
    private final int pageSize;

    S3ArtifactRepository(S3Client s3, S3Location location, int pageSize) {
        if (pageSize < 1 || pageSize > 1000) throw new IllegalArgumentException("pageSize must be 1..1000");
        this.s3 = s3;
        this.location = location;
        this.pageSize = pageSize;
    }

    /** The repository at {@code s3://bucket/prefix}, reached with {@code config}. */
    public static S3ArtifactRepository forUri(S3Config config, String uri) {
        return new S3ArtifactRepository(S3Clients.forConfig(config), S3Location.parse(uri), 1000);
    }

    /** The same location with a smaller listing page (to exercise paging in tests). */
    S3ArtifactRepository withPageSize(int size) {
        return new S3ArtifactRepository(s3, location, size);
    }

    /** The bucket and key prefix of the root. */
    public S3Location location() {
        return location;
    }

    @Override
    public String rootUri() {
        return location.uri();
    }

    @Override
    public S3ArtifactRepository subRepository(String relative) {
        return new S3ArtifactRepository(s3, location.resolve(relative), pageSize);
    }

    private String key(String rel) {
        return ArtifactPaths.join(location.prefix(), rel);
    }

    /** The prefix of everything below a normalised relative directory ("" below the bucket root). */
    private String dirPrefix(String rel) {
        String k = key(rel);
        return k.isEmpty() ? "" : k + "/";
    }

    @Override
    public List<FileInfo> list(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        String prefix = dirPrefix(rel);
        java.util.Map<String, FileInfo> out = new java.util.TreeMap<>();
        String token = null;
        try {
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(location.bucket())
                        .prefix(prefix).delimiter("/").maxKeys(pageSize).continuationToken(token).build());
                for (CommonPrefix p : page.commonPrefixes()) {
                    addDirectory(out, rel, p.prefix().substring(prefix.length(), p.prefix().length() - 1));
                }
                for (S3Object o : page.contents()) {
                    String name = o.key().substring(prefix.length());
                    if (name.endsWith("/")) {
                        // a directory marker some stores list as an object rather than a common prefix
                        addDirectory(out, rel, name.substring(0, name.length() - 1));
                    } else if (isSafeName(name)) {
                        out.put(name, new FileInfo(ArtifactPaths.join(rel, name), false, o.size()));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failure("listing", prefix, e);
        }
        List<FileInfo> sorted = new ArrayList<>(out.values());
        sorted.sort(Comparator.comparing(FileInfo::path));
        return sorted;
    }

    private static void addDirectory(java.util.Map<String, FileInfo> out, String rel, String name) {
        if (isSafeName(name)) out.put(name, new FileInfo(ArtifactPaths.join(rel, name), true, -1));
    }

    /** Directory markers ("dir/") and keys no artifact path could name are not listed. */
    private static boolean isSafeName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) return false;
        try {
            return ArtifactPaths.normalize(name).equals(name);
        } catch (ArtifactPathException e) {
            return false;
        }
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
        String prefix = dirPrefix(ArtifactPaths.normalize(path));
        try {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(prefix).maxKeys(1).build());
            return !page.contents().isEmpty();
        } catch (SdkException e) {
            throw failure("listing", prefix, e);
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        if (rel.isEmpty()) throw new NoSuchFileException(path);
        try {
            return s3.getObject(b -> b.bucket(location.bucket()).key(key(rel)));
        } catch (SdkException e) {
            throw notFoundOr(path, failure("downloading", key(rel), e), e);
        }
    }

    @Override
    public long size(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        if (rel.isEmpty()) throw new NoSuchFileException(path);
        try {
            Long length = s3.headObject(b -> b.bucket(location.bucket()).key(key(rel))).contentLength();
            return length == null ? 0 : length;
        } catch (SdkException e) {
            throw notFoundOr(path, failure("reading the size of", key(rel), e), e);
        }
    }

    /**
     * Uploads a stream: a single PUT when it fits in one part, else a multipart upload whose parts
     * are read one at a time (memory use is one part, whatever the size). S3 makes the object
     * visible only once complete; a failed multipart upload is aborted.
     */
    @Override
    public void write(String path, InputStream data) throws IOException {
        String rel = checkWritable(path);
        String key = key(rel);
        byte[] first = data.readNBytes(PART_SIZE); // small artifacts get a small buffer
        try {
            if (first.length < PART_SIZE) {
                s3.putObject(b -> b.bucket(location.bucket()).key(key).contentLength((long) first.length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(first), first.length));
                return;
            }
            new MultipartUpload(s3, location.bucket(), key).run(data, first);
        } catch (SdkException e) {
            throw failure("uploading", key, e);
        }
    }

    /** Uploads a local file: its length is known, so one PUT streams it up to 5 GiB. */
    @Override
    public void write(String path, Path file) throws IOException {
        long length = Files.size(file);
        if (length > PART_SIZE) {
            try (InputStream in = Files.newInputStream(file)) {
                write(path, in);
            }
            return;
        }
        String key = key(checkWritable(path));
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key).contentLength(length), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("uploading", key, e);
        }
    }

    private String checkWritable(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        if (rel.isEmpty()) {
            throw new ArtifactPathException("Invalid artifact path: a file path is required.");
        }
        if (isDirectory(rel)) {
            throw new ArtifactPathException("Invalid artifact path '" + rel + "': it is a directory.");
        }
        return rel;
    }

    @Override
    public void delete(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        if (!rel.isEmpty() && exists(key(rel))) {
            try {
                s3.deleteObject(b -> b.bucket(location.bucket()).key(key(rel)));
            } catch (SdkException e) {
                throw failure("deleting", key(rel), e);
            }
            return;
        }
        if (deleteAllBelow(dirPrefix(rel)) == 0) {
            throw new NoSuchFileException(path);
        }
    }

    private boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw failure("reading", key, e);
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    /** Deletes every key below {@code prefix}, a page at a time; returns how many. */
    private long deleteAllBelow(String prefix) throws IOException {
        long deleted = 0;
        String token = null;
        try {
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(location.bucket())
                        .prefix(prefix).maxKeys(Math.min(pageSize, DELETE_BATCH)).continuationToken(token).build());
                List<ObjectIdentifier> ids = new ArrayList<>();
                for (S3Object o : page.contents()) ids.add(ObjectIdentifier.builder().key(o.key()).build());
                if (!ids.isEmpty()) {
                    deleteKeys(ids, prefix);
                    deleted += ids.size();
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failure("deleting below", prefix, e);
        }
        return deleted;
    }

    /**
     * Deletes keys with one DeleteObjects call, or one by one on endpoints that do not implement it
     * with the SDK's checksum headers (S3Proxy answers 501); such an endpoint is remembered.
     */
    private void deleteKeys(List<ObjectIdentifier> ids, String prefix) throws IOException {
        if (!NO_BATCH_DELETE.contains(s3)) {
            try {
                DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(location.bucket())
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    throw new IOException("Deleting below s3://" + location.bucket() + "/" + prefix + " failed for "
                            + r.errors().size() + " keys, e.g. " + r.errors().get(0).key() + ": " + r.errors().get(0).message());
                }
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 501) throw e;
                NO_BATCH_DELETE.add(s3);
            }
        }
        for (ObjectIdentifier id : ids) {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(id.key()));
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        String reason = e instanceof S3Exception s && s.awsErrorDetails() != null
                ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("S3 error " + what + " s3://" + location.bucket() + "/" + key + ": " + reason, e);
    }

    private static IOException notFoundOr(String path, IOException other, SdkException e) {
        if (e instanceof S3Exception s && s.statusCode() == 404
                && (s.awsErrorDetails() == null || !"NoSuchBucket".equals(s.awsErrorDetails().errorCode()))) {
            return new NoSuchFileException(path);
        }
        return other;
    }

    /** One multipart upload: parts read one at a time into a single buffer, aborted on any failure. */
    private record MultipartUpload(S3Client s3, String bucket, String key) {
        void run(InputStream data, byte[] firstPart) throws IOException {
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            boolean done = false;
            try {
                List<CompletedPart> parts = new ArrayList<>();
                byte[] part = firstPart;
                while (part.length > 0) {
                    int number = parts.size() + 1;
                    byte[] body = part;
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                    .contentLength((long) body.length),
                            RequestBody.fromInputStream(new ByteArrayInputStream(body), body.length)).eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                    part = data.readNBytes(PART_SIZE);
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                done = true;
            } finally {
                if (!done) {
                    try {
                        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                    } catch (SdkException ignored) {
                        // the original failure is what matters; S3 lifecycle rules clean up leftovers
                    }
                }
            }
        }
    }
}
