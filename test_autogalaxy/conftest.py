"""Test-wide setup: JAX in float64, as the package promises."""

import jax

jax.config.update("jax_enable_x64", True)
