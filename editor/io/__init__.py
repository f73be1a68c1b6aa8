"""Reading and writing files: images (image_io), projects, atomic writes, output planning.
No Qt, no torch."""
