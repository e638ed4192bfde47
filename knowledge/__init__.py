"""The shipped knowledge pack: YAML data only (policy, canonical answers, policy tests)."""
