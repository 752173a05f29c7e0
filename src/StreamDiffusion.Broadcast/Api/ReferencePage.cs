using System.Collections.Frozen;
using System.Reflection;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// The API reference page at <c>/api/reference</c>: static HTML, CSS and JavaScript embedded in the assembly (so a
/// publish carries them and nothing can drift from the binary) that fetch <c>/openapi/v1.json</c> and render it. The
/// page holds no data and is public; the document it reads needs a read key once keys are configured, which the page
/// asks for and keeps in the tab's sessionStorage. Everything is served with <c>default-src 'self'</c>: no CDN, font
/// or script from anywhere else can load.
/// </summary>
public static class ReferencePage
{
    /// <summary>Where the page is served.</summary>
    public const string Path = "/api/reference";

    /// <summary>The policy sent with the page and its files.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<FrozenDictionary<string, Asset>> s_assets = new(LoadAssets);

    /// <summary>
    /// Maps the page, its files and a small index at <c>/</c> that links to it. The index is mapped with a late order
    /// so that a page mapped at <c>/</c> later (the operator page) takes precedence without an ambiguous match.
    /// </summary>
    public static void MapReferencePage(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, (HttpContext context) => Serve(context, "reference.html")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet(Path + "/{file}", (HttpContext context, string file) => Serve(context, file)).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription().AllowAnonymous().WithOrder(1000);
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!s_assets.Value.TryGetValue(file, out var asset))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file",
                detail: $"The reference page has no file \"{file}\"; it is served at {Path}.");
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // Small files that change only with the binary: revalidate each time rather than serve a stale page after an upgrade.
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    // The files are embedded as reference/<name> (StreamDiffusion.Broadcast.csproj) and read once.
    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        const string prefix = "reference/";
        var assembly = typeof(ReferencePage).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            assets[file] = new Asset(copy.ToArray(), ContentTypeOf(file));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string file) => System.IO.Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType);
}
