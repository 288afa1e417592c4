import { Testing } from "cdktf";

// Registers cdktf's matchers (toHaveResourceWithProperties, ...) on vitest's global expect.
Testing.setupJest();
