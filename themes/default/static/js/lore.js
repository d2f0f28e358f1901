// Lore default theme script.
