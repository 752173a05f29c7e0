using Microsoft.AspNetCore.Mvc;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>RFC 9457 problem details, written the same way by handlers, filters and the authentication handler.</summary>
public static class ApiProblems
{
    /// <summary>Writes a problem+json response.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = Create(status, title, detail, extensions);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
    }

    /// <summary>A problem details object; <paramref name="extensions"/> carry machine-readable fields (e.g. the bad field).</summary>
    public static ProblemDetails Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return problem;
    }
}
