// Swagger UI on the bridge's own description (docs/openapi.yaml); "Try it out" sends real requests with your X-Api-Key.
window.ui = SwaggerUIBundle({ url: '/api/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
