"""Result submission + standard version -> per-requirement verdicts."""
