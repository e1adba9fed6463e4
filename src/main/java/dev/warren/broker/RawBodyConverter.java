package dev.warren.broker;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;

/**
 * Gives consumers every message body as the bytes published. camel-spring-rabbitmq's own converter decodes a text/*
 * body into a String with the message's encoding, which changes bytes that are not valid in it (and then they are
 * encoded again as UTF-8); warren stores and delivers payloads byte for byte. Producers convert as before.
 */
public final class RawBodyConverter implements MessageConverter {

    private final MessageConverter producing;

    public RawBodyConverter(MessageConverter producing) {
        this.producing = producing;
    }

    @Override
    public Message toMessage(Object object, MessageProperties properties) throws MessageConversionException {
        return producing.toMessage(object, properties);
    }

    @Override
    public Object fromMessage(Message message) throws MessageConversionException {
        return message.getBody();
    }
}
