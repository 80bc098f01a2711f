// Starts NHS.UK frontend's components. Loaded as a module from a static file:
// the content security policy allows no inline script.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
