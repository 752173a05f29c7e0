// Renders the service's own OpenAPI document (/openapi/v1.json) as a reference: every path and method with its
// summary, description, parameters, request body schema, responses and security requirement. Text from the document
// is only ever set as textContent, never parsed as HTML; the page loads nothing but this origin (CSP default-src 'self').
"use strict";

(() => {
  const documentUrl = "/openapi/v1.json";
  const keyHeader = "X-Api-Key";
  const keyStorage = "sdbroadcast.apiKey"; // sessionStorage: forgotten when the tab closes
  const methods = ["get", "put", "post", "patch", "delete", "options", "head", "trace"];
  const maxSchemaDepth = 6;

  const byId = (id) => document.getElementById(id);
  let apiDocument = null;

  // el("p", { className: "x", text: "y", data: { path: "/a" } }, child, …)
  function el(tag, options, ...children) {
    const node = document.createElement(tag);
    const o = options || {};
    if (o.className) node.className = o.className;
    if (o.text !== undefined && o.text !== null) node.textContent = String(o.text);
    if (o.id) node.id = o.id;
    if (o.href) node.setAttribute("href", o.href);
    if (o.open) node.open = true;
    if (o.data) for (const [k, v] of Object.entries(o.data)) node.dataset[k] = v;
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Descriptions use `code` spans (a small subset of CommonMark); everything else stays plain text.
  function prose(tag, text, className) {
    const node = el(tag, { className });
    String(text).split("`").forEach((part, i) => {
      if (part.length === 0) return;
      node.append(i % 2 === 1 ? el("code", { text: part }) : document.createTextNode(part));
    });
    return node;
  }

  function setStatus(text, isProblem) {
    const status = byId("status");
    status.textContent = text;
    status.className = isProblem ? "problem" : "muted";
  }

  function showKeyState() {
    byId("key-state").textContent = sessionStorage.getItem(keyStorage)
      ? "A key is kept for this tab and sent as " + keyHeader + "."
      : "No key kept; none is needed on this machine while api-keys.json lists no key.";
  }

  async function load() {
    document.body.dataset.state = "loading";
    setStatus("Loading the OpenAPI document…", false);
    const headers = { Accept: "application/json" };
    const key = sessionStorage.getItem(keyStorage);
    if (key) headers[keyHeader] = key;

    let response;
    try {
      response = await fetch(documentUrl, { headers, cache: "no-store", credentials: "omit" });
    } catch (error) {
      fail("The service did not answer (" + error.message + "). Is it running?");
      return;
    }

    if (response.status === 401 || response.status === 403) {
      const problem = await readProblem(response);
      document.body.dataset.state = "key-required";
      setStatus("A read key is needed to read the OpenAPI document: enter it above. " + problem, true);
      byId("key").focus();
      return;
    }

    if (!response.ok) {
      fail("The OpenAPI document could not be read: HTTP " + response.status + ". " + await readProblem(response));
      return;
    }

    try {
      apiDocument = await response.json();
    } catch (error) {
      fail("The OpenAPI document is not JSON: " + error.message);
      return;
    }

    render(apiDocument);
    document.body.dataset.state = "ready";
  }

  async function readProblem(response) {
    try {
      const problem = await response.json();
      return [problem.title, problem.detail].filter(Boolean).join(": ");
    } catch {
      return "";
    }
  }

  function fail(text) {
    document.body.dataset.state = "failed";
    setStatus(text, true);
  }

  function render(doc) {
    const info = doc.info || {};
    byId("title").textContent = info.title || "API reference";
    document.title = (info.title || "API") + " — reference";
    byId("subtitle").textContent = "Version " + (info.version || "?") + " · OpenAPI " + (doc.openapi || "?");

    const toc = byId("toc");
    const main = byId("operations");
    toc.replaceChildren();
    main.replaceChildren();

    const schemes = (doc.components && doc.components.securitySchemes) || {};
    if (Object.keys(schemes).length > 0) main.append(renderSchemes(schemes));

    const tocList = el("ul");
    toc.append(el("h2", { text: "Endpoints" }), tocList);
    let count = 0;
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of methods) {
        const operation = item && item[method];
        if (!operation) continue;
        const id = "op-" + method + "-" + path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
        main.append(renderOperation(doc, path, method, item, operation, id));
        tocList.append(el("li", null, el("a", { href: "#" + id },
          el("span", { className: "method " + method, text: method }), el("code", { text: path }))));
        count++;
      }
    }

    setStatus(count + " operations on " + Object.keys(doc.paths || {}).length + " paths.", false);
  }

  function renderSchemes(schemes) {
    const section = el("section", { className: "operation", id: "security-schemes" }, el("h2", { text: "Authentication" }));
    for (const [name, scheme] of Object.entries(schemes)) {
      const where = scheme.type === "apiKey" ? "the " + scheme.name + " " + (scheme.in || "header") : scheme.type;
      section.append(el("p", null, el("code", { text: name }), " — " + where + ". "));
      if (scheme.description) section.append(prose("p", scheme.description, "muted"));
    }
    section.append(el("p", { className: "muted", text: "Each endpoint below names the scope its key needs: read keys may call reads, control keys everything." }));
    return section;
  }

  function renderOperation(doc, path, method, item, operation, id) {
    const section = el("section", { className: "operation", id, data: { path, method } },
      el("h2", null, el("span", { className: "method " + method, text: method }), el("code", { text: path })));
    if (operation.summary) section.append(prose("p", operation.summary, "summary"));
    if (operation.description) section.append(prose("p", operation.description, "description"));
    if (operation.tags && operation.tags.length) {
      section.append(el("p", { className: "tags" }, ...operation.tags.map((t) => el("span", { text: t }))));
    }

    section.append(el("h3", { text: "Security" }), renderSecurity(doc, operation.security || doc.security));

    const parameters = [...(item.parameters || []), ...(operation.parameters || [])].map((p) => resolve(doc, p));
    if (parameters.length > 0) section.append(el("h3", { text: "Parameters" }), renderParameters(doc, parameters));

    if (operation.requestBody) section.append(el("h3", { text: "Request body" }), renderBody(doc, resolve(doc, operation.requestBody)));

    section.append(el("h3", { text: "Responses" }), renderResponses(doc, operation.responses || {}));
    return section;
  }

  function renderSecurity(doc, requirements) {
    if (!requirements || requirements.length === 0) return el("p", { className: "security", text: "None: anyone who can reach the service may call it." });
    const schemes = (doc.components && doc.components.securitySchemes) || {};
    const list = el("ul", { className: "security" });
    for (const requirement of requirements) {
      const parts = Object.entries(requirement).map(([name, scopes]) => {
        const scheme = schemes[name] || {};
        const carrier = scheme.type === "apiKey" ? scheme.name + " " + (scheme.in || "header") : name;
        return carrier + (scopes && scopes.length ? " with scope " + scopes.join(" or ") : "");
      });
      list.append(el("li", { text: parts.length ? parts.join(" and ") : "none" }));
    }
    return list;
  }

  function renderParameters(doc, parameters) {
    const table = el("table", null,
      el("thead", null, el("tr", null, ...["name", "in", "required", "type", "description"].map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const p of parameters) {
      body.append(el("tr", null,
        el("td", null, el("code", { text: p.name })),
        el("td", { text: p.in }),
        el("td", { text: p.required ? "yes" : "no" }),
        el("td", null, p.schema ? renderSchema(doc, p.schema, 0, new Set()) : ""),
        el("td", null, p.description ? prose("span", p.description) : "")));
    }
    table.append(body);
    return table;
  }

  function renderBody(doc, body) {
    const wrapper = el("div");
    wrapper.append(el("p", { text: body.required ? "Required." : "Optional." }));
    if (body.description) wrapper.append(prose("p", body.description));
    wrapper.append(renderContent(doc, body.content));
    return wrapper;
  }

  function renderContent(doc, content) {
    const wrapper = el("div");
    for (const [type, media] of Object.entries(content || {})) {
      wrapper.append(el("p", null, el("code", { text: type })));
      if (media && media.schema) wrapper.append(el("div", { className: "schema" }, renderSchema(doc, media.schema, 0, new Set())));
    }
    return wrapper;
  }

  function renderResponses(doc, responses) {
    const list = el("dl", { className: "responses" });
    for (const [status, raw] of Object.entries(responses)) {
      const response = resolve(doc, raw);
      list.append(el("dt", null, el("code", { text: status }), " ", response.description ? prose("span", response.description) : ""));
      list.append(el("dd", null, renderContent(doc, response.content)));
    }
    return list;
  }

  // A $ref inside this document (#/components/...), or the object itself.
  function resolve(doc, node) {
    if (!node || typeof node.$ref !== "string" || !node.$ref.startsWith("#/")) return node || {};
    let target = doc;
    for (const part of node.$ref.slice(2).split("/")) {
      target = target && target[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return target || {};
  }

  function typeLabel(schema) {
    let type = schema.type;
    if (Array.isArray(type)) type = type.join(" | ");
    let label = type || (schema.properties ? "object" : "any");
    if (schema.format) label += " (" + schema.format + ")";
    if (Array.isArray(schema.enum)) label += " one of " + schema.enum.map((v) => JSON.stringify(v)).join(", ");
    if (schema.pattern) label += " matching " + schema.pattern;
    if (schema.minimum !== undefined || schema.maximum !== undefined) {
      label += " in [" + (schema.minimum ?? "…") + ", " + (schema.maximum ?? "…") + "]";
    }
    return label;
  }

  // A schema as nested lists: named references (open once, collapsed), objects by property, arrays by item.
  function renderSchema(doc, schema, depth, seen) {
    if (!schema || typeof schema !== "object") return el("span", { className: "type", text: "any" });
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.split("/").pop();
      if (seen.has(schema.$ref) || depth >= maxSchemaDepth) return el("span", { className: "type", text: name });
      const next = new Set(seen).add(schema.$ref);
      // Open at the top, except the problem details that nearly every error answer shares.
      return el("details", { open: depth === 0 && name !== "ProblemDetails" },
        el("summary", null, el("span", { className: "type", text: name }),
          schema.description ? prose("span", " — " + schema.description, "muted") : null),
        renderSchema(doc, resolve(doc, schema), depth + 1, next));
    }

    const node = el("div");
    const alternatives = schema.oneOf || schema.anyOf;
    if (Array.isArray(alternatives)) {
      node.append(el("span", { className: "type", text: schema.oneOf ? "one of" : "any of" }));
      node.append(el("ul", null, ...alternatives.map((s) => el("li", null, renderSchema(doc, s, depth + 1, seen)))));
      return node;
    }

    if (Array.isArray(schema.allOf)) {
      node.append(el("span", { className: "type", text: "all of" }));
      node.append(el("ul", null, ...schema.allOf.map((s) => el("li", null, renderSchema(doc, s, depth + 1, seen)))));
      return node;
    }

    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes("array") && schema.items) {
      node.append(el("span", { className: "type", text: typeLabel(schema) + " of" }), " ", renderSchema(doc, schema.items, depth + 1, seen));
      return node;
    }

    node.append(el("span", { className: "type", text: typeLabel(schema) }));
    if (schema.description) node.append(" — ", prose("span", schema.description, "muted"));
    const required = new Set(schema.required || []);
    const properties = Object.entries(schema.properties || {});
    if (properties.length > 0) {
      node.append(el("ul", null, ...properties.map(([name, property]) => el("li", null,
        el("code", { text: name }), required.has(name) ? el("span", { className: "required", text: " required" }) : "", ": ",
        renderSchema(doc, property, depth + 1, seen)))));
    }

    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      node.append(el("ul", null, el("li", null, "each other name: ", renderSchema(doc, schema.additionalProperties, depth + 1, seen))));
    }

    return node;
  }

  function wireKeyForm() {
    byId("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const value = byId("key").value.trim();
      if (value) sessionStorage.setItem(keyStorage, value);
      byId("key").value = "";
      showKeyState();
      load();
    });
    byId("forget-key").addEventListener("click", () => {
      sessionStorage.removeItem(keyStorage);
      showKeyState();
      load();
    });
  }

  wireKeyForm();
  showKeyState();
  load();
})();
