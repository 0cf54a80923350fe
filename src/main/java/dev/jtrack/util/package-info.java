/** Small helpers every floor may use. */
package dev.jtrack.util;
