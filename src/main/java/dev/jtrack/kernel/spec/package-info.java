/**
 * Installing jtrack as a Jupyter kernel: where {@code jupyter kernelspec install} puts kernelspecs,
 * the kernel.json we write, and the class-data-sharing archive that makes the kernel start fast.
 */
package dev.jtrack.kernel.spec;
