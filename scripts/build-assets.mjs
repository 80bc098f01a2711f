// Builds the portal's stylesheet and copies the parts of NHS.UK frontend the
// pages use into build/static/, which Django collects with the rest.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// The stylesheet: NHS.UK frontend with its images resolved relative to the
// stylesheet, so that Django's manifest storage can fingerprint them.
const result = sass.compile(join(root, "static", "scss", "portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
mkdirSync(join(out, "css"), { recursive: true });
writeFileSync(join(out, "css", "portal.css"), result.css);

// Icons and favicons the stylesheet and layout refer to.
for (const name of readdirSync(join(nhsuk, "assets", "images"))) {
  if (name.endsWith(".svg") || name.endsWith(".ico") || name.endsWith(".png")) {
    copy(join(nhsuk, "assets", "images", name), join(out, "css", "assets", "images", name));
  }
}

// The component scripts (an ES module) and the accessibility engine used by
// the browser tests.
for (const name of ["nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"]) {
  copy(join(nhsuk, name), join(out, "nhsuk", name));
}
copy(
  join(root, "node_modules", "axe-core", "axe.min.js"),
  join(root, "build", "axe", "axe.min.js"),
);
console.log(`Built front-end assets into ${out}`);
