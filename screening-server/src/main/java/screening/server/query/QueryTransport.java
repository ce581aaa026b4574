package screening.server.query;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The bootstrap settings every HTTP port of the filter shares (and the constant-answer server
 * the benchmarks compare it with): native epoll where available, NIO otherwise, TCP_NODELAY, and
 * half-closure allowed so a client that shuts down its output still gets its answers.
 *
 * <p>Static and thread-safe; nothing here blocks.
 */
public final class QueryTransport {

    private QueryTransport() {
    }

    /** Whether the native epoll transport is in use on this machine. */
    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    /** A new event loop group of {@code threads} threads named {@code name-N}. */
    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    /** The server channel class matching {@link #newGroup}. */
    public static Class<? extends ServerChannel> serverChannel() {
        return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * A bootstrap on {@code group} (accepting and serving on the same loops) with the shared
     * options and {@code childHandler} as each connection's initializer.
     */
    public static ServerBootstrap bootstrap(EventLoopGroup group, ChannelHandler childHandler) {
        return new ServerBootstrap()
                .group(group)
                .channel(serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(childHandler);
    }
}
