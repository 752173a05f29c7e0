namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// Records every control call (who, what, result) in the <c>StreamDiffusion.Broadcast.Audit</c> log category. Names the
/// key's holder, never the key.
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers) : IEndpointFilter
{
    private readonly ILogger _logger = loggers.CreateLogger("StreamDiffusion.Broadcast.Audit");

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var who = http.User.Identity?.Name ?? "anonymous";
        try
        {
            var result = await next(context).ConfigureAwait(false);
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
            LogCall(_logger, who, http.Connection.RemoteIpAddress?.ToString() ?? "?", http.Request.Method, http.Request.Path, status);
            return result;
        }
        catch (Exception e)
        {
            LogFailed(_logger, who, http.Request.Method, http.Request.Path, e.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control call by {Who} from {Address}: {Method} {Path} -> {Status}")]
    private static partial void LogCall(ILogger logger, string who, string address, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control call by {Who}: {Method} {Path} failed with {Exception}")]
    private static partial void LogFailed(ILogger logger, string who, string method, string path, string exception);
}
