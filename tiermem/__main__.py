from tiermem.cli import main

raise SystemExit(main())
