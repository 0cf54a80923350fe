package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.InputStream;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.junit.jupiter.api.Test;

/** The notebook loader defines installed classes and then lets go of their class files. */
class UserCodeLoaderTest {
    /** A class the loader defines itself: its parent is made not to see it. */
    public static final class Installed {
        @Override
        public String toString() {
            return "installed";
        }
    }

    @Test
    void installedClassIsDefinedAndItsClassFileReleased() throws Exception {
        String name = Installed.class.getName();
        byte[] bytes;
        try (InputStream in = Installed.class.getResourceAsStream("UserCodeLoaderTest$Installed.class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader hiding = new ClassLoader(UserCodeLoaderTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    throw new ClassNotFoundException(className);
                }
                return super.loadClass(className, resolve);
            }
        };
        try (UserCodeLoader loader = new UserCodeLoader(hiding)) {
            loader.delegate().load(new ClassBytecodes[] {new ClassBytecodes(name, bytes)});

            Class<?> defined = loader.delegate().findClass(name);
            assertSame(loader, defined.getClassLoader());
            assertEquals("installed", defined.getDeclaredConstructor().newInstance().toString());
            assertSame(defined, loader.loadClass(name), "the same class on every later lookup");
            assertEquals(0, loader.pendingClassFiles(), "class files are not kept once their class is defined");
        }
    }
}
