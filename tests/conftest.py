"""Test settings: quiet TensorFlow, deterministic hypothesis profile."""

import os

# TensorFlow's C++ start-up notes (CPU features, no GPU) are noise in tests.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
