"""The practice database's pages, one module per family of pages."""
