// The page's first script (theme.js, loaded without defer in <head>): the remembered theme before first paint.
import { applySavedTheme } from "./ui/theme.js";

applySavedTheme();
