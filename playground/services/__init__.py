"""Use cases: sending, profiles, history and accounts. Routes call these, nothing lower."""
