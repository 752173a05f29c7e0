using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.OpenApi;
using StreamDiffusion.Broadcast.Configuration;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>Registers and maps the HTTP control API under <c>/api/v1</c> with its OpenAPI document.</summary>
public static class BroadcastApi
{
    /// <summary>Adds the API's services: keys, tokens, policies, problem details, JSON options, host filtering, OpenAPI.</summary>
    public static IServiceCollection AddBroadcastApi(this IServiceCollection services, BroadcastSettings settings, ApiKeyStore keys)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(keys);
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<EventStreams>();
        services.AddSingleton<ChannelTokenizers>();
        services.AddApiPolicies(settings);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Answers the framework gives before any endpoint code runs (routing, content-type matching) carry no
            // detail of their own: say what to do.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"No such resource: {context.HttpContext.Request.Path}. The endpoints are listed at /api/reference and /openapi/v1.json.",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}; see /api/reference for the methods each path takes.",
                StatusCodes.Status415UnsupportedMediaType => $"Send the body as JSON with Content-Type: application/json (got \"{context.HttpContext.Request.ContentType ?? "none"}\").",
                _ => null,
            };
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]", .. settings.Api.AllowedHosts];
            o.AllowEmptyHosts = false;
            o.IncludeFailureMessage = false;
        });
        services.AddOpenApi(o => o.AddOperationTransformer(OpenApiScopes.Apply).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "StreamDiffusion.Broadcast control API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthentication.HeaderName,
                Description = "An API key from api-keys.json (read or control scope). Without configured keys, loopback callers only.",
            };
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The same API key sent as Authorization: Bearer (as Prometheus' scrape configuration does).",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps <c>/api/v1</c>, <c>/openapi/v1.json</c> (read scope), the reference page that renders it, and <c>/metrics</c>.</summary>
    public static void MapBroadcastApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(ApiPolicies.Read);
        app.MapReferencePage();
        app.MapMetrics();
        var api = app.MapGroup("/api/v1");
        api.MapInfo();
        api.MapPresets();
        api.MapChannels();
        api.MapThumbnails();
        api.MapEvents();
        api.MapTokenize();
    }
}
