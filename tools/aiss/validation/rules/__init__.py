"""Registry rules: small classes, each with stable diagnostic codes."""
