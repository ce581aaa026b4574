package screening.server.query;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import screening.core.DialledNumberNormaliser;
import screening.core.Entry;
import screening.core.EntryIndex;
import screening.core.EntryValidator;
import screening.core.InvalidEntryException;
import screening.core.NumberingPlan;
import screening.core.Screener;
import screening.core.ScreeningPolicy;
import screening.core.Snapshot;
import screening.server.json.Json;

/**
 * STAND-IN (issue 3), benchmarks only: serves {@link StandInQueryHandler} on
 * {@code 127.0.0.1:PORT} with the sample register's entries, for trying the load tool before the
 * real query server exists. Not the product; delete it with the stand-in handler at merge.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar screening.server.query.StandInQueryServer PORT SECONDS}
 * (it stops by itself after SECONDS, at most 3600).
 */
public final class StandInQueryServer {

    private StandInQueryServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: StandInQueryServer PORT SECONDS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long seconds = Math.min(3600, Long.parseLong(args[1]));
        DialledNumberNormaliser normaliser = new DialledNumberNormaliser(NumberingPlan.DEFAULT);
        Screener screener = new Screener(ScreeningPolicy.DEFAULT, normaliser, InstantSource.system());
        screener.publish(Snapshot.of(1, List.of(sampleRegister(new EntryValidator(normaliser)))));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new StandInQueryHandler(screener, "HULL"));
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("stand-in query server on " + server.localAddress() + " for " + seconds + " s");
            server.closeFuture().await(seconds, TimeUnit.SECONDS);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static EntryIndex sampleRegister(EntryValidator validator) throws IOException {
        EntryIndex.Builder builder = EntryIndex.builder("national", validator);
        try (InputStream in = StandInQueryServer.class.getResourceAsStream("/config/sample-register.ndjson");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine(); // the header
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    Entry e = Json.MAPPER.readValue(line, Entry.class);
                    try {
                        builder.add(e);
                    } catch (InvalidEntryException ex) {
                        // the placeholder normaliser knows no short numbers (116123): say so, go on
                        System.out.println("stand-in: left out entry " + e.id() + ": " + ex.getMessage());
                    }
                }
            }
        }
        return builder.build();
    }
}
