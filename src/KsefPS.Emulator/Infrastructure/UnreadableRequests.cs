namespace KsefPS.Emulator.Infrastructure;

/// <summary>
/// A request whose body or parameters do not bind (not JSON, or JSON of another shape) gets KSeF's 21405 in its error
/// body, as any other input KSeF's validation refuses; ASP.NET's own answer would be a bare 400 outside the OpenAPI
/// document's schema.
/// </summary>
public static class UnreadableRequests
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException) when (!context.Response.HasStarted)
        {
            // ASP.NET's own message names the handler's parameters: the client gets what was wrong, in KSeF's manner.
            await Errors.InvalidInput(context, "The request is missing its JSON body, or its body or parameters cannot be read as this endpoint's input.")
                .ExecuteAsync(context);
        }
    }
}
