/**
 * Maven resolution shared by the kernel's {@code %maven}, model dependencies and projects:
 * resolving coordinates with the user's {@code settings.xml} (mirrors, proxies, credentials), and
 * reading the {@code pom.properties} of jars (including the artifacts jtrack's own jar bundles).
 */
package dev.jtrack.maven;
