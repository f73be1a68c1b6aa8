"""Reading and writing files: images, projects, atomic writes, output planning. No Qt, no torch."""
