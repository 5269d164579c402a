"""float32 (JAX with x64 disabled): every public class stays finite and within docs/float32.md.

One subprocess (module-scoped fixture) imports autogalaxy, turns x64 off before any JAX array
exists and evaluates kappa, alpha and psi of every public class and c200c of every concentration
relation with float32 inputs (float32_errors.run_float32). This process (x64 on) computes the
float64 reference with NumPy at the same, float32-rounded, inputs. The bounds are read from the
table in docs/float32.md, so that the docs and the test cannot drift apart.
"""

import re
import sys
from pathlib import Path

import jax
import numpy as np
import pytest

import autogalaxy as ag

sys.path.insert(0, str(Path(__file__).resolve().parent))
import float32_errors as fe  # noqa: E402

DOC = Path(__file__).resolve().parents[3] / "docs" / "float32.md"
CLASSES = [n for n in ag.mp.__all__ if n != "MassProfile"]  # MassProfile: the abstract base
NUMBER = r"\s*([0-9][0-9.eE+-]*)\s*\|"
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|" + NUMBER + NUMBER)


def documented_bounds():
    """{(class or 'relation NAME', quantity): tested bound} from the docs' table rows."""
    bounds = {}
    for line in DOC.read_text().splitlines():
        match = ROW.match(line)
        if match:
            bounds[(match.group(1), match.group(2))] = float(match.group(4))
    return bounds


@pytest.fixture(scope="module")
def float32_outputs():
    # "fast": jitted for the classes whose compile is cheaper than op-by-op dispatch, op by op
    # for the rest (the same float32 arithmetic, without ~30 whole-profile compiles); the docs'
    # numbers are all jitted (float32_errors.py), and the 4x margin covers the difference
    return fe.run_float32(CLASSES, mode="fast", grads=False, timeout=600)


@pytest.fixture(scope="module")
def bounds():
    return documented_bounds()


def test_this_process_is_float64_and_every_class_has_a_case():
    assert jax.config.jax_enable_x64
    assert sorted(fe.PARAMETERS) == sorted(CLASSES)


def test_the_child_traced_32_bit_dtypes_only(float32_outputs):
    # the jaxprs of the jitted classes and relations (float32_errors.JIT_WHEN_FAST)
    assert set(map(str, float32_outputs["meta/dtypes"])) <= {"float32", "int32", "uint32", "bool"}
    assert "float32" in set(map(str, float32_outputs["meta/dtypes"]))


def test_the_table_has_a_row_per_class_quantity_and_relation(bounds):
    for name in CLASSES:
        for q in fe.QUANTITIES:
            assert (name, q) in bounds, (name, q)
    for rel in fe.RELATION_DOMAINS:
        assert (f"relation {rel}", "c200c") in bounds, rel


@pytest.mark.parametrize("name", CLASSES)
def test_float32_profile_is_finite_and_within_the_documented_bound(name, float32_outputs,
                                                                   bounds):
    ref, radii = fe.reference(name)
    got = [float32_outputs[f"{name}/{q}"] for q in fe.QUANTITIES]
    for q, value in zip(fe.QUANTITIES, got):
        assert value.dtype == np.float32, (q, value.dtype)
    errors = fe.profile_errors(ref, got, radii)
    for q, (error, radius, finite, edge_ok) in errors.items():
        assert finite, (q, "non-finite float32 output")
        assert edge_ok, (q, "r = 0 not finite (kappa) or not 0 (alpha, psi)")
        assert error <= bounds[(name, q)], (q, error, radius, bounds[(name, q)])


@pytest.mark.parametrize("relation", list(fe.RELATION_DOMAINS))
def test_float32_relation_is_within_the_documented_bound(relation, float32_outputs, bounds):
    c32 = float32_outputs[f"relation/{relation}"]
    assert c32.dtype == np.float32
    error, where, same_nan, _ = fe.relation_errors(relation, c32)
    assert same_nan  # NaN exactly where float64 has no concentration
    assert error <= bounds[(f"relation {relation}", "c200c")], (error, where)
