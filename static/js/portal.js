// Starts NHS.UK frontend's components. Loaded as a module from a static file:
// the content security policy allows no inline script.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Radios that reveal a box under the one chosen (NHS.UK conditional content,
// marked `data-app-reveal` rather than NHS.UK's radios module, which sets
// aria-expanded on each radio: a state a radio cannot have). Without
// JavaScript every box shows, each with its own label.
for (const group of document.querySelectorAll("[data-app-reveal]")) {
  const radios = [...group.querySelectorAll("input[type=radio][data-aria-controls]")];
  const update = () => {
    for (const radio of radios) {
      const box = document.getElementById(radio.dataset.ariaControls);
      box?.classList.toggle("nhsuk-radios__conditional--hidden", !radio.checked);
    }
  };
  for (const radio of radios) {
    radio.setAttribute("aria-controls", radio.dataset.ariaControls);
    radio.addEventListener("change", update);
  }
  update();
}

// Details marked `data-app-open-wide` (the search filters) start open on a
// wide screen, where there is room beside the results; on a phone they stay
// closed below the results.
if (window.matchMedia("(min-width: 769px)").matches) {
  for (const details of document.querySelectorAll("details[data-app-open-wide]")) {
    details.open = true;
  }
}
