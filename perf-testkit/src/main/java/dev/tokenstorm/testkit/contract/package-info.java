/**
 * Contract test kits: abstract JUnit 5 classes that an implementation of a Tokenstorm extension
 * point (a result sink, a dataset) extends to check that it honours its interface.
 */
@NullMarked
package dev.tokenstorm.testkit.contract;

import org.jspecify.annotations.NullMarked;
