// Renders /openapi.json with Swagger UI. No validator badge: it would send the document to
// validator.swagger.io, and the page's CSP lets it talk to kefu only.
window.addEventListener("load", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
});
