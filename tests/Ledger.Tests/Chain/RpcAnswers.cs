using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>How node answers become values or exceptions, with canned HTTP answers; and the hex forms of JSON-RPC.</summary>
public class RpcAnswers
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static EthereumRpc Answering(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(new HttpClient(new CannedAnswer(status, body, mediaType)), new Uri("http://node.invalid/"));

    [Fact]
    public async Task a_json_rpc_error_carries_its_code_message_and_revert_data()
    {
        var rpc = Answering(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x4e487b710000000000000000000000000000000000000000000000000000000000000011"}}""");

        var error = await Should.ThrowAsync<JsonRpcException>(() => rpc.CallAsync(new TransactionRequest(To: Address.Zero), BlockTag.Latest, Ct));

        error.Method.ShouldBe("eth_call");
        error.Code.ShouldBe(3);
        error.RpcMessage.ShouldBe("execution reverted");
        error.IsRevert.ShouldBeTrue();
        error.Message.ShouldContain("Panic(17)");
    }

    [Fact]
    public async Task revert_data_nested_in_an_error_object_is_found()
    {
        var rpc = Answering(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"Internal error","data":{"originalError":{"code":3,"data":"0x08c379a0","message":"execution reverted"}}}}""");

        var error = await Should.ThrowAsync<JsonRpcException>(() => rpc.EstimateGasAsync(new TransactionRequest(), Ct));

        error.RevertData.ShouldBe(new byte[] { 0x08, 0xc3, 0x79, 0xa0 });
    }

    [Fact]
    public async Task an_error_without_revert_data_is_not_a_revert()
    {
        var rpc = Answering(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}""");

        var error = await Should.ThrowAsync<JsonRpcException>(() => rpc.MaxPriorityFeePerGasAsync(Ct));

        error.Code.ShouldBe(-32601);
        error.IsRevert.ShouldBeFalse();
    }

    [Fact]
    public async Task a_gateway_error_page_means_the_chain_is_unavailable()
    {
        var rpc = Answering(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", "text/html");

        (await Should.ThrowAsync<ChainUnavailableException>(() => rpc.ChainIdAsync(Ct))).Message.ShouldContain("502");
    }

    [Fact]
    public async Task a_node_that_refuses_connections_means_the_chain_is_unavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var rpc = new EthereumRpc(http, new Uri($"http://127.0.0.1:{port}/"));

        await Should.ThrowAsync<ChainUnavailableException>(() => rpc.BlockNumberAsync(Ct));
    }

    [Fact]
    public async Task a_missing_receipt_is_null_and_a_present_one_reads_whole()
    {
        (await Answering(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"result":null}""").GetTransactionReceiptAsync(Bytes32.Zero, Ct)).ShouldBeNull();

        var receipt = await Answering(HttpStatusCode.OK, """
            {"jsonrpc":"2.0","id":1,"result":{
              "transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111",
              "blockNumber":"0x1a","blockHash":"0x2222222222222222222222222222222222222222222222222222222222222222",
              "status":"0x1","gasUsed":"0x5208","effectiveGasPrice":"0x3b9aca00","cumulativeGasUsed":"0x5208",
              "from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":null,
              "contractAddress":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
              "logs":[{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"],
                       "data":"0x","blockNumber":"0x1a","transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111",
                       "logIndex":"0x0","removed":false}]}}
            """).GetTransactionReceiptAsync(Bytes32.Zero, Ct);

        receipt.ShouldNotBeNull();
        receipt.BlockNumber.ShouldBe(26UL);
        receipt.Succeeded.ShouldBeTrue();
        receipt.GasUsed.ShouldBe(21_000UL);
        receipt.EffectiveGasPrice.ShouldBe(new BigInteger(1_000_000_000));
        receipt.To.ShouldBeNull();
        receipt.ContractAddress.ShouldBe(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        receipt.Logs.ShouldHaveSingleItem().Data.Length.ShouldBe(0);
        receipt.Logs[0].BlockHash.ShouldBeNull();
    }

    [Theory]
    [InlineData("0", "0x0")]
    [InlineData("26", "0x1a")]
    [InlineData("1000000000000000000", "0xde0b6b3a7640000")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void quantities_are_hex_without_leading_zeros(string number, string quantity)
    {
        var value = BigInteger.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        Hex.FormatQuantity(value).ShouldBe(quantity);
        Hex.ParseQuantity(quantity).ShouldBe(value);
    }

    [Fact]
    public void malformed_hex_is_refused()
    {
        Hex.ParseQuantity("0x01").ShouldBe(BigInteger.One);
        Hex.FormatQuantity(255UL).ShouldBe("0xff");
        Should.Throw<FormatException>(() => Hex.ParseQuantity("0x"));
        Should.Throw<FormatException>(() => Hex.ParseQuantity("26"));
        Should.Throw<FormatException>(() => Hex.ParseQuantity("0x-1"));
        Should.Throw<FormatException>(() => Hex.ParseUInt64("0x10000000000000000"));
        Should.Throw<ArgumentOutOfRangeException>(() => Hex.FormatQuantity(BigInteger.MinusOne));
        Hex.Parse("0xABcd").ShouldBe(new byte[] { 0xab, 0xcd });
        Hex.Parse("0x").ShouldBeEmpty();
        Should.Throw<FormatException>(() => Hex.Parse("0xabc"));
        Should.Throw<FormatException>(() => Hex.Parse("0xzz"));
    }

    private sealed class CannedAnswer(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
    }
}
