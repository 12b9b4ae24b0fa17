package dev.numberregistry.api.config;

import dev.numberregistry.streams.RegistryTopics;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/** The names of the registry's topics. */
@ConfigurationProperties("registry.topics")
public class TopicSettings {

    @NotBlank
    private String events = RegistryTopics.DEFAULT.events();
    @NotBlank
    private String states = RegistryTopics.DEFAULT.states();
    @NotBlank
    private String rejected = RegistryTopics.DEFAULT.rejected();
    @NotBlank
    private String reminders = RegistryTopics.DEFAULT.reminders();
    @NotBlank
    private String notifications = RegistryTopics.DEFAULT.notifications();

    public String getEvents() {
        return events;
    }

    public void setEvents(String events) {
        this.events = events;
    }

    public String getStates() {
        return states;
    }

    public void setStates(String states) {
        this.states = states;
    }

    public String getRejected() {
        return rejected;
    }

    public void setRejected(String rejected) {
        this.rejected = rejected;
    }

    public String getReminders() {
        return reminders;
    }

    public void setReminders(String reminders) {
        this.reminders = reminders;
    }

    public String getNotifications() {
        return notifications;
    }

    public void setNotifications(String notifications) {
        this.notifications = notifications;
    }

    public RegistryTopics toTopics() {
        return new RegistryTopics(events, states, rejected, reminders, notifications);
    }
}
