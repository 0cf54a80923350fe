package dev.jtrack.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Artifacts in a local directory. Besides rejecting unsafe relative paths, every access checks
 * that the real path (symlinks resolved) of the target, or of its deepest existing ancestor,
 * stays inside the real path of the root, so a symlink cannot lead outside.
 */
public final class LocalArtifactRepository implements ArtifactRepository {
    private final Path root;
    private final String rootUri;

    /** A repository rooted at a directory (which need not exist yet). */
    public LocalArtifactRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.rootUri = this.root.toUri().toString();
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public String rootUri() {
        return rootUri;
    }

    /** A repository for a sub-directory of this one (a run's artifacts inside the destination). */
    @Override
    public LocalArtifactRepository subRepository(String relative) throws IOException {
        String rel = ArtifactPaths.normalize(relative);
        Path target = rel.isEmpty() ? root : root.resolve(rel);
        checkInside(target);
        return new LocalArtifactRepository(target);
    }

    /** The file-system path of a relative artifact path, after all safety checks. */
    public Path resolve(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        Path target = rel.isEmpty() ? root : root.resolve(rel);
        checkInside(target);
        return target;
    }

    private void checkInside(Path target) throws IOException {
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        Path realRoot = realRootOrNull();
        if (realRoot == null) {
            // The root does not exist: the target lies inside it lexically, and nothing below it exists.
            return;
        }
        if (!existing.startsWith(root)) {
            // An ancestor of the root; nothing of the target exists yet.
            return;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ArtifactPathException("Invalid artifact path: it resolves through a dangling symbolic link.");
        }
        if (!real.startsWith(realRoot)) {
            throw new ArtifactPathException("Invalid artifact path: it leads outside the artifact root.");
        }
    }

    /** The root's real path; null when it does not exist or cannot (a file stands where it or an ancestor should be). */
    private Path realRootOrNull() throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try {
            return root.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public List<FileInfo> list(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        Path dir = resolve(rel);
        List<FileInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Path realRoot = realRootOrNull();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                Path real;
                try {
                    real = child.toRealPath();
                } catch (IOException e) {
                    continue; // dangling link: not an artifact
                }
                if (realRoot == null || !real.startsWith(realRoot)) {
                    continue; // links leading out are not shown
                }
                String childRel = ArtifactPaths.join(rel, name);
                if (Files.isDirectory(real)) {
                    out.add(new FileInfo(childRel, true, -1));
                } else {
                    out.add(new FileInfo(childRel, false, Files.size(real)));
                }
            }
        }
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    @Override
    public boolean isDirectory(String path) throws IOException {
        return Files.isDirectory(resolve(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(path);
        }
        return Files.newInputStream(file);
    }

    @Override
    public long size(String path) throws IOException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(path);
        }
        return Files.size(file);
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        if (rel.isEmpty()) {
            throw new ArtifactPathException("Invalid artifact path: a file path is required.");
        }
        Path file = resolve(rel);
        Files.createDirectories(file.getParent());
        checkInside(file); // re-check now that the parents exist
        if (Files.isDirectory(file)) {
            throw new ArtifactPathException("Invalid artifact path '" + rel + "': it is a directory.");
        }
        Path tmp = Files.createTempFile(file.getParent(), ".upload-", ".tmp");
        try {
            Files.copy(data, tmp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        String rel = ArtifactPaths.normalize(path);
        Path target = rel.isEmpty() ? root : root.resolve(rel);
        // A symlink itself may be deleted (never its target): only its parent must be inside.
        checkInside(rel.isEmpty() ? root : target.getParent());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) throw exc;
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            Files.delete(target);
        }
    }
}
