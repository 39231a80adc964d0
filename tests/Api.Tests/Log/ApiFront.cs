using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ledger.Api.Tests.Log;

/// <summary>
/// A small HTTP server of the test's own on 127.0.0.1, in front of the in-process API host: the command line reaches the
/// real API through it over HTTP. <c>rewrite</c> may change what a path answers (path, body) → body, as a dishonest server would.
/// </summary>
public sealed class ApiFront : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient api;

    private ApiFront(WebApplication app, HttpClient api)
    {
        this.app = app;
        this.api = api;
    }

    public string Url => app.Urls.First();

    public static async Task<ApiFront> StartAsync(IAlbaHost host, Func<string, string, string>? rewrite = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        var client = host.Server.CreateClient();
        server.Run(context => ForwardAsync(context, client, rewrite ?? ((_, body) => body)));
        await server.StartAsync();
        return new ApiFront(server, client);
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient api, Func<string, string, string> rewrite)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await api.SendAsync(request, context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.WriteAsync(response.IsSuccessStatusCode ? rewrite(context.Request.Path.Value ?? "", body) : body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        api.Dispose();
    }
}
