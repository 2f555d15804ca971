"""The documents a district prints, each a pure function from texts to pages."""
